using AudienceRelay.Client;

namespace AudienceRelay.Cli.Input;

/// <summary>
/// One data row of an input file: a user, or why the row cannot be used. <see cref="Line"/> is the 1-based line the
/// row starts on. <see cref="Error"/> never quotes the row's content (it is personal data).
/// </summary>
internal readonly record struct InputRow(int Line, UserRecord? User, string? Error)
{
    public static InputRow Good(int line, UserRecord user) => new(line, user, null);

    public static InputRow Bad(int line, string error) => new(line, null, error);
}

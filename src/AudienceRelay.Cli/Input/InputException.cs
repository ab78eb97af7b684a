namespace AudienceRelay.Cli.Input;

/// <summary>The file cannot be read at all past <see cref="Line"/> (bad header, a quote never closed): exit code 2.</summary>
internal sealed class InputException(int line, string reason) : Exception($"line {line}: {reason}")
{
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}

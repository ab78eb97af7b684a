namespace AudienceRelay.Cli.Input;

/// <summary>
/// A file of users read as a stream of rows. Each call to <see cref="ReadRows"/> reads the file again from the
/// start, so an upload can count in a first pass and send in a second without holding the file in memory.
/// </summary>
internal interface IUserSource
{
    string Path { get; }

    /// <summary>Reads every data row; throws <see cref="InputException"/> when the file cannot be read on.</summary>
    IEnumerable<InputRow> ReadRows();
}

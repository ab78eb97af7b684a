using System.Text;

namespace AudienceRelay.Cli.Input;

/// <summary>Picks the reader for a file by its extension: <c>.jsonl</c>/<c>.ndjson</c> are JSON Lines, anything else CSV.</summary>
internal static class UserSources
{
    public static IUserSource Open(string path, ColumnMapping mapping)
    {
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" or ".ndjson" => new JsonLinesUserSource(path, mapping),
            ".json" => throw new UsageException($"{path}: a .json file is not supported; write one user object per line as JSON Lines (.jsonl)."),
            _ => new CsvUserSource(path, mapping),
        };
    }

    /// <summary>Opens a file for one sequential read; UTF-8 unless a byte order mark says otherwise.</summary>
    public static StreamReader OpenText(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        return new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    }
}

using System.Security.Cryptography;

namespace AudienceRelay.Store.Security;

/// <summary>
/// Reads payload keys from configuration (base64) or a key file, and creates a key file when a new
/// store needs one. The caller decides whether creating is allowed: never for a store that already
/// holds payloads or a key check (<see cref="PayloadKeyMismatchException"/> instead).
/// </summary>
public static class PayloadKey
{
    /// <summary>The configured key if any, else the key file's key; null when the file does not exist.</summary>
    public static byte[]? TryRead(string? base64Key, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
        {
            return Decode(base64Key, "Store:PayloadKey (Store__PayloadKey)");
        }

        return File.Exists(keyFile) ? Decode(File.ReadAllText(keyFile).Trim(), $"Store:PayloadKeyFile (Store__PayloadKeyFile) {keyFile}") : null;
    }

    /// <summary>The older keys that still open payloads (<c>Store:PreviousPayloadKeys:N</c>).</summary>
    public static IReadOnlyList<byte[]> DecodePrevious(IEnumerable<string?> base64Keys) =>
        [.. base64Keys.Select((k, i) => (k, i)).Where(p => !string.IsNullOrWhiteSpace(p.k)).Select(p => Decode(p.k!, $"Store:PreviousPayloadKeys:{p.i} (Store__PreviousPayloadKeys__{p.i})"))];

    /// <summary>
    /// Creates a key file with a random key, durably: a temporary file (mode 0600) is written and
    /// synced, renamed into place, and the folder synced, so a power cut leaves either no key file or
    /// the whole key, never an empty one. Fails if the file appeared meanwhile.
    /// </summary>
    public static byte[] Create(string keyFile)
    {
        var path = Path.GetFullPath(keyFile);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var key = RandomNumberGenerator.GetBytes(PayloadKeyring.KeySize);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }

        DirectorySync.Flush(directory);
        return key;
    }

    public static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The payload key from {source} is not valid base64.");
        }

        return key.Length == PayloadKeyring.KeySize
            ? key
            : throw new InvalidOperationException($"The payload key from {source} must decode to 32 bytes, not {key.Length}.");
    }
}

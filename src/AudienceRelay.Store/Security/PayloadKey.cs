using System.Security.Cryptography;

namespace AudienceRelay.Store.Security;

/// <summary>
/// Finds the payload key: from configuration (base64), else from a key file, which is created with
/// a random key and mode 0600 (readable by the service user only) the first time.
/// </summary>
public static class PayloadKey
{
    public static byte[] Resolve(string? base64Key, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
        {
            return Decode(base64Key, "Store:PayloadKey");
        }

        if (File.Exists(keyFile))
        {
            return Decode(File.ReadAllText(keyFile).Trim(), keyFile);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(keyFile));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyFile, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }

    private static byte[] Decode(string base64, string source)
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

        return key.Length == 32
            ? key
            : throw new InvalidOperationException($"The payload key from {source} must decode to 32 bytes, not {key.Length}.");
    }
}

using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Core.Normalization;

/// <summary>SHA-256 of a text's UTF-8 bytes, through <see cref="OpenSslSha256"/> where it is available.</summary>
internal static class Utf8Sha256
{
    private const int StackBytes = 256;

    // Where OpenSslSha256 is not available: one reusable SHA-256 context per thread. On Linux each
    // one-shot SHA256.HashData call sets up and tears down an OpenSSL digest context, which costs more
    // than hashing a short value; reusing the context roughly halves the per-value cost (see
    // docs/benchmarks.md). Lives as long as the thread.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>Writes the 32-byte digest of the UTF-8 bytes of <paramref name="value"/> into <paramref name="hash"/>.</summary>
    public static void Hash(ReadOnlySpan<char> value, Span<byte> hash)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, bytes);
            if (OpenSslSha256.Available)
            {
                OpenSslSha256.Hash(bytes[..length], hash);
            }
            else
            {
                var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                sha256.AppendData(bytes[..length]);
                sha256.GetHashAndReset(hash);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

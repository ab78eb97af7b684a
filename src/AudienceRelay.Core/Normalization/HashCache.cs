using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// SHA-256 (lower-case hex of the UTF-8 bytes) with a per-batch cache: each distinct normalized value
/// is hashed once even when several platforms, or several users, need it. Create one per batch and
/// drop it with the batch (it holds the normalized values). Not thread-safe: one batch, one thread.
/// </summary>
public sealed class HashCache
{
    private const int StackBytes = 256;

    private readonly Dictionary<string, string> _digests;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public HashCache()
        : this(0)
    {
    }

    /// <param name="capacity">Expected number of distinct values (e.g. 3 × users), to avoid rehashing.</param>
    public HashCache(int capacity)
    {
        _digests = new Dictionary<string, string>(capacity, StringComparer.Ordinal);
        _bySpan = _digests.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Distinct values hashed so far (each cost one SHA-256).</summary>
    public int Count => _digests.Count;

    /// <summary>Lower-case hex SHA-256 of <paramref name="normalized"/>. An empty value is a caller bug (its digest is the well-known junk e3b0c442...): it throws.</summary>
    public string Sha256Hex(string normalized)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalized);
        if (!_digests.TryGetValue(normalized, out var digest))
        {
            digest = Compute(normalized);
            _digests.Add(normalized, digest);
        }

        return digest;
    }

    /// <summary>Span overload for the platform rules: a cache hit allocates nothing.</summary>
    internal string Sha256Hex(ReadOnlySpan<char> normalized)
    {
        if (normalized.IsEmpty)
        {
            throw new ArgumentException("An empty value must never be hashed.", nameof(normalized));
        }

        if (!_bySpan.TryGetValue(normalized, out var digest))
        {
            digest = Compute(normalized);
            _bySpan[normalized] = digest;
        }

        return digest;
    }

    /// <summary>Uncached SHA-256 of the UTF-8 bytes, as lower-case hex.</summary>
    internal static string Compute(ReadOnlySpan<char> value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], hash);
            return Convert.ToHexStringLower(hash);
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

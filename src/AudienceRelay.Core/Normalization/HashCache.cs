using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// SHA-256 (lower-case hex of the UTF-8 bytes) with a per-batch cache: each distinct normalized value
/// is hashed once even when several platforms, or several users, need it. Create one per batch and
/// drop it with the batch (it holds the normalized values). Thread-safe: the provider instances that
/// deliver one batch at the same time share it; the digest is computed outside the lock.
/// </summary>
public sealed class HashCache
{
    private const int StackBytes = 256;

    // Where OpenSslSha256 is not available: one reusable SHA-256 context per thread. On Linux each
    // one-shot SHA256.HashData call sets up and tears down an OpenSSL digest context, which costs more
    // than hashing a short value; reusing the context roughly halves the per-value cost (see
    // docs/benchmarks.md). Lives as long as the thread.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    private readonly Lock _gate = new();
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
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _digests.Count;
            }
        }
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="normalized"/>. An empty value is a caller bug (its digest is the well-known junk e3b0c442...): it throws.</summary>
    public string Sha256Hex(string normalized)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalized);
        string? digest;
        lock (_gate)
        {
            if (_digests.TryGetValue(normalized, out digest))
            {
                return digest;
            }
        }

        digest = Compute(normalized);
        lock (_gate)
        {
            _digests[normalized] = digest;
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

        string? digest;
        lock (_gate)
        {
            if (_bySpan.TryGetValue(normalized, out digest))
            {
                return digest;
            }
        }

        digest = Compute(normalized);
        lock (_gate)
        {
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

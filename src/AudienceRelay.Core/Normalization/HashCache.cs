using System.Buffers;
using System.Security.Cryptography;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// SHA-256 (lower-case hex of the UTF-8 bytes) with a per-batch cache: each distinct normalized value
/// is hashed once even when several platforms, or several users, need it. Create one per batch and
/// drop it with the batch (it holds the normalized values). Thread-safe: the provider instances that
/// deliver one batch at the same time share it; the digest is computed outside the lock.
/// </summary>
/// <remarks>
/// Digests are kept as 32 bytes (<see cref="DigestStore"/>); the hex string of one is made the first time a
/// caller asks for it and then shared by every platform. Meta's rows hold digests by reference
/// (<see cref="DigestRef"/>) and write their hex straight into the request, so they make no string at all:
/// per user, allocation rather than hashing was the cost (docs/benchmarks.md, "Speed goals").
/// </remarks>
public sealed class HashCache
{
    private readonly Lock _gate = new();
    private readonly DigestStore _store = new();
    private readonly Dictionary<string, DigestRef> _digests;
    private readonly Dictionary<string, DigestRef>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    // E.164 numbers whose digits were hashed (Sha256OfDigits): a table of its own, as "+1…" itself hashes differently.
    private readonly Dictionary<string, DigestRef> _byE164;

    // Digests the sender hashed, keyed by the (lower-cased) text itself, so a retried delivery stores them once.
    private readonly Dictionary<string, DigestRef> _passed = new(StringComparer.Ordinal);

    public HashCache()
        : this(0)
    {
    }

    /// <param name="capacity">Expected number of distinct values (e.g. 3 × users; a third of it for phones), to avoid rehashing.</param>
    public HashCache(int capacity)
    {
        _digests = new Dictionary<string, DigestRef>(capacity - (capacity / 3), StringComparer.Ordinal);
        _byE164 = new Dictionary<string, DigestRef>(capacity / 3, StringComparer.Ordinal);
        _bySpan = _digests.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Distinct values hashed so far (each cost one SHA-256).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _digests.Count + _byE164.Count;
            }
        }
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="normalized"/>. An empty value is a caller bug (its digest is the well-known junk e3b0c442...): it throws.</summary>
    public string Sha256Hex(string normalized)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalized);
        return Hex(Sha256(normalized));
    }

    /// <summary>Span overload for the platform rules: a cache hit allocates nothing.</summary>
    internal string Sha256Hex(ReadOnlySpan<char> normalized) => Hex(Sha256(normalized));

    /// <summary>The digest of a value, hashed on first sight; a hit allocates nothing, and neither does a miss of a string value.</summary>
    internal DigestRef Sha256(string normalized)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalized);
        return Sha256(_digests, normalized, normalized);
    }

    /// <summary>
    /// The digest of an E.164 number's digits without the <c>+</c> (Meta, TikTok, Snapchat), keyed by the E.164
    /// string itself so that a miss allocates no key (phones rarely repeat, so nearly every phone is a miss).
    /// </summary>
    internal DigestRef Sha256OfDigits(string e164)
    {
        ArgumentException.ThrowIfNullOrEmpty(e164);
        var digits = PlatformText.DigitsOnly(e164);
        if (digits.IsEmpty)
        {
            throw new ArgumentException("An empty value must never be hashed.", nameof(e164));
        }

        return Sha256(_byE164, e164, digits);
    }

    /// <summary>As <see cref="Sha256(string)"/> for a value in a buffer; a miss stores the value as a string key.</summary>
    internal DigestRef Sha256(ReadOnlySpan<char> normalized)
    {
        if (normalized.IsEmpty)
        {
            throw new ArgumentException("An empty value must never be hashed.", nameof(normalized));
        }

        lock (_gate)
        {
            if (_bySpan.TryGetValue(normalized, out var found))
            {
                return found;
            }
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(normalized, digest);
        lock (_gate)
        {
            if (!_bySpan.TryGetValue(normalized, out var digestRef))
            {
                digestRef = _store.Add(digest);
                _bySpan[normalized] = digestRef;
            }

            return digestRef;
        }
    }

    private DigestRef Sha256(Dictionary<string, DigestRef> table, string key, ReadOnlySpan<char> hashed)
    {
        lock (_gate)
        {
            if (table.TryGetValue(key, out var found))
            {
                return found;
            }
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(hashed, digest);
        lock (_gate)
        {
            if (!table.TryGetValue(key, out var digestRef))
            {
                digestRef = _store.Add(digest);
                table.Add(key, digestRef);
            }

            return digestRef;
        }
    }

    /// <summary>A digest the sender hashed, as its lower-case hex text: held like the others, and its text is this very string.</summary>
    internal DigestRef Passed(string lowerHex)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(lowerHex, digest, out _, out var written) != OperationStatus.Done || written != digest.Length)
        {
            // Callers pass only values HexDigest.IsSha256 accepted; the value itself stays out of the message.
            throw new ArgumentException("A passed-through digest must be 64 hex characters.", nameof(lowerHex));
        }

        lock (_gate)
        {
            if (!_passed.TryGetValue(lowerHex, out var digestRef))
            {
                digestRef = _store.Add(digest);
                _store.SetText(digestRef.Index, lowerHex);
                _passed.Add(lowerHex, digestRef);
            }

            return digestRef;
        }
    }

    /// <summary>The lower-case hex text of a digest (one shared string per digest); null for <see cref="DigestRef.None"/>.</summary>
    internal string? Text(DigestRef digest) => digest.IsNone ? null : Hex(digest);

    /// <summary>Copies the 32 bytes of each digest into <paramref name="destination"/> (32 × the count; zeros for none), under one lock.</summary>
    internal void CopyDigests(ReadOnlySpan<DigestRef> digests, Span<byte> destination)
    {
        lock (_gate)
        {
            for (var i = 0; i < digests.Length; i++)
            {
                var slot = destination.Slice(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes);
                if (digests[i].IsNone)
                {
                    slot.Clear();
                }
                else
                {
                    _store.Bytes(digests[i].Index).CopyTo(slot);
                }
            }
        }
    }

    private string Hex(DigestRef digest)
    {
        lock (_gate)
        {
            return _store.Text(digest.Index);
        }
    }

    /// <summary>Uncached SHA-256 of the UTF-8 bytes, as lower-case hex.</summary>
    internal static string Compute(ReadOnlySpan<char> value)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(value, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void Hash(ReadOnlySpan<char> value, Span<byte> hash) => Utf8Sha256.Hash(value, hash);
}

using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Store.Security;

/// <summary>
/// The keys a node holds: the current one, which seals every new payload, and older ones
/// (<c>Store__PreviousPayloadKeys__N</c>) that still open payloads sealed before a rotation. A key is
/// known by its id, a MAC of a constant under the key, so the id names a key without revealing it.
/// </summary>
public sealed class PayloadKeyring
{
    public const int KeySize = 32;
    public const int KeyIdSize = 8;
    private static readonly byte[] IdLabel = Encoding.ASCII.GetBytes("audience-relay/payload-key-id/v1");
    private static readonly byte[] CheckLabel = Encoding.ASCII.GetBytes("audience-relay/payload-key-check/v1");
    private readonly List<byte[]> _keys;

    public PayloadKeyring(byte[] current, IEnumerable<byte[]>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        _keys = [current, .. previous ?? []];
        if (_keys.Any(k => k.Length != KeySize))
        {
            throw new ArgumentException("A payload key must be 32 bytes (AES-256).", nameof(current));
        }

        CurrentId = IdOf(current);
        CurrentCheck = CheckOf(current);
    }

    /// <summary>The id of the key that seals new payloads (16 hex digits).</summary>
    public string CurrentId { get; }

    /// <summary>The check of the current key (<see cref="CheckOf"/>).</summary>
    public string CurrentCheck { get; }

    internal byte[] Current => _keys[0];

    internal IReadOnlyList<byte[]> All => _keys;

    /// <summary>The id of a key: the first 8 bytes of HMAC-SHA256(key, a constant label), as hex.</summary>
    public static string IdOf(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, IdLabel).AsSpan(0, KeyIdSize));

    /// <summary>The key check the store records: HMAC-SHA256(key, another constant label), base64. Never the key.</summary>
    public static string CheckOf(byte[] key) => Convert.ToBase64String(HMACSHA256.HashData(key, CheckLabel));

    /// <summary>The key with this id and check, or null when this node does not hold it.</summary>
    internal byte[]? Find(string keyId, string check) =>
        _keys.FirstOrDefault(k => IdOf(k) == keyId && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CheckOf(k)), Encoding.ASCII.GetBytes(check)));

    internal byte[]? FindById(ReadOnlySpan<byte> keyId)
    {
        foreach (var key in _keys)
        {
            if (HMACSHA256.HashData(key, IdLabel).AsSpan(0, KeyIdSize).SequenceEqual(keyId))
            {
                return key;
            }
        }

        return null;
    }
}

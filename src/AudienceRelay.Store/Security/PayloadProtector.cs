using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AudienceRelay.Store.Security;

/// <summary>
/// Encrypts batch payloads at rest with AES-256-GCM. Layout: a 4-byte marker <c>ARK1</c>, the 8-byte
/// id of the sealing key, a 12-byte nonce, the 16-byte tag, the ciphertext. The batch id and key id are
/// bound as associated data, so a payload copied onto another batch row fails to open. Payloads sealed
/// before key ids existed (nonce, tag, ciphertext; the batch id alone as associated data) still open
/// with any key of the ring.
/// </summary>
public sealed class PayloadProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 4 + PayloadKeyring.KeyIdSize;
    private static readonly byte[] Marker = "ARK1"u8.ToArray();
    private readonly PayloadKeyring _ring;
    private readonly byte[] _currentId;

    public PayloadProtector(byte[] key)
        : this(new PayloadKeyring(key))
    {
    }

    public PayloadProtector(PayloadKeyring ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
        _currentId = Convert.FromHexString(ring.CurrentId);
    }

    public PayloadKeyring Keys => _ring;

    /// <summary>Bytes a sealed payload adds to its plaintext.</summary>
    public static int Overhead => HeaderSize + NonceSize + TagSize;

    public byte[] Protect(ReadOnlySpan<byte> plaintext, long batchId)
    {
        var output = new byte[Overhead + plaintext.Length];
        Marker.CopyTo(output, 0);
        _currentId.CopyTo(output, 4);
        var nonce = output.AsSpan(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_ring.Current, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(Overhead), output.AsSpan(HeaderSize + NonceSize, TagSize), AssociatedData(batchId, _currentId));
        return output;
    }

    /// <summary>Opens a sealed payload; throws <see cref="PayloadUnreadableException"/> when no key of the ring can.</summary>
    public byte[] Unprotect(ReadOnlySpan<byte> sealedPayload, long batchId)
    {
        if (sealedPayload.Length >= Overhead && sealedPayload[..4].SequenceEqual(Marker))
        {
            var keyId = sealedPayload.Slice(4, PayloadKeyring.KeyIdSize);
            var key = _ring.FindById(keyId);
            if (key is not null)
            {
                return TryOpen(key, sealedPayload[HeaderSize..], AssociatedData(batchId, keyId))
                    ?? throw new PayloadUnreadableException($"The stored payload of batch {batchId} does not authenticate under key id {Convert.ToHexStringLower(keyId)}: it was altered or damaged.");
            }

            // A legacy payload whose random nonce happens to start with the marker is still tried below.
            return OpenLegacy(sealedPayload, batchId)
                ?? throw new PayloadUnreadableException($"The stored payload of batch {batchId} was sealed with key id {Convert.ToHexStringLower(keyId)}, which this node does not hold: set that key in Store__PayloadKey or Store__PreviousPayloadKeys__N.");
        }

        return OpenLegacy(sealedPayload, batchId)
            ?? throw new PayloadUnreadableException($"The stored payload of batch {batchId} does not open with any payload key of this node (key id {_ring.CurrentId} and older keys): it was sealed with another key, or altered.");
    }

    private byte[]? OpenLegacy(ReadOnlySpan<byte> sealedPayload, long batchId)
    {
        var associated = BitConverter.GetBytes(batchId);
        foreach (var key in _ring.All)
        {
            if (TryOpen(key, sealedPayload, associated) is { } plaintext)
            {
                return plaintext;
            }
        }

        return null;
    }

    private static byte[]? TryOpen(byte[] key, ReadOnlySpan<byte> body, byte[] associated)
    {
        if (body.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plaintext = new byte[body.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(body[..NonceSize], body[(NonceSize + TagSize)..], body.Slice(NonceSize, TagSize), plaintext, associated);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] AssociatedData(long batchId, ReadOnlySpan<byte> keyId)
    {
        var data = new byte[8 + PayloadKeyring.KeyIdSize];
        BinaryPrimitives.WriteInt64LittleEndian(data, batchId);
        keyId.CopyTo(data.AsSpan(8));
        return data;
    }
}

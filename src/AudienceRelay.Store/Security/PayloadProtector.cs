using System.Security.Cryptography;

namespace AudienceRelay.Store.Security;

/// <summary>
/// Encrypts batch payloads at rest with AES-256-GCM. Layout: 12-byte nonce, 16-byte tag, ciphertext.
/// The batch id is bound as associated data, so a payload copied onto another batch row fails to open.
/// </summary>
public sealed class PayloadProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public PayloadProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("The payload key must be 32 bytes (AES-256).", nameof(key));
        }

        _key = key;
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext, long batchId)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), AssociatedData(batchId));
        return output;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> sealedPayload, long batchId)
    {
        if (sealedPayload.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The stored payload is too short to be sealed.");
        }

        var plaintext = new byte[sealedPayload.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedPayload[..NonceSize], sealedPayload[(NonceSize + TagSize)..], sealedPayload.Slice(NonceSize, TagSize), plaintext, AssociatedData(batchId));
        return plaintext;
    }

    private static byte[] AssociatedData(long batchId) => BitConverter.GetBytes(batchId);
}

using System.Security.Cryptography;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// The digests of one <see cref="HashCache"/>: 32 bytes each, in chunks of 1,024 (32 KiB, below the large
/// object heap, never copied when the store grows), with the hex text made only when a caller asks for it
/// and then shared by every caller. Not thread-safe: the cache calls it under its lock.
/// </summary>
internal sealed class DigestStore
{
    private const int ChunkShift = 10;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private byte[][] _chunks = [];
    private string?[][] _texts = [];

    public int Count { get; private set; }

    public DigestRef Add(ReadOnlySpan<byte> digest)
    {
        var index = Count;
        var chunk = index >> ChunkShift;
        if (chunk == _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(4, 2 * _chunks.Length));
        }

        if (_chunks[chunk] is null)
        {
            _chunks[chunk] = new byte[ChunkSize * SHA256.HashSizeInBytes];
        }

        digest[..SHA256.HashSizeInBytes].CopyTo(Bytes(index));
        Count = index + 1;
        return DigestRef.ForIndex(index);
    }

    public Span<byte> Bytes(int index) => _chunks[index >> ChunkShift].AsSpan((index & ChunkMask) * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes);

    /// <summary>The lower-case hex text of a digest, made once (or set by <see cref="SetText"/>) and then shared.</summary>
    public string Text(int index)
    {
        ref var text = ref TextSlot(index);
        return text ??= Convert.ToHexStringLower(Bytes(index));
    }

    /// <summary>Records the text a digest already has (a digest the sender hashed), so it is never made twice.</summary>
    public void SetText(int index, string text) => TextSlot(index) = text;

    private ref string? TextSlot(int index)
    {
        var chunk = index >> ChunkShift;
        if (chunk >= _texts.Length)
        {
            Array.Resize(ref _texts, _chunks.Length);
        }

        return ref (_texts[chunk] ??= new string?[ChunkSize])[index & ChunkMask];
    }
}

using System.Buffers;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Bytes as a chain of 64 KiB chunks, read as one <see cref="ReadOnlySequence{T}"/>: an upload's part
/// as read, and the payload of usable users as it is written (<see cref="IBufferWriter{T}"/>). A growing
/// array would copy the whole batch at every doubling and once more at the end (up to three times its size
/// at once, all of it on the large object heap); chunks are written once, stay below the large object heap,
/// and are collected as soon as they are no longer needed.
/// </summary>
internal sealed class ChunkedBytes : IBufferWriter<byte>
{
    private const int ChunkSize = 64 * 1024;
    private Chunk? _first;
    private Chunk? _last;

    public long Length { get; private set; }

    public static async Task<ChunkedBytes> ReadAsync(Stream body, long limit, string field, CancellationToken cancellationToken)
    {
        var bytes = new ChunkedBytes();
        while (true)
        {
            var memory = bytes.NextFreeSpace();
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return bytes;
            }

            bytes.Advance(read);
            if (bytes.Length > limit)
            {
                throw new UploadRejection(StatusCodes.Status413PayloadTooLarge, $"{field}: the field is larger than the limit of {limit} bytes.");
            }
        }
    }

    public ReadOnlySequence<byte> AsSequence() =>
        _first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_first, 0, _last!, _last!.Used);

    /// <summary>All the bytes in one array of their exact length.</summary>
    public byte[] ToArray() => AsSequence().ToArray();

    public Memory<byte> GetMemory(int sizeHint = 0) => NextFreeSpace(Math.Max(sizeHint, 1));

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    void IBufferWriter<byte>.Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _last is null ? 0 : _last.Array.Length - _last.Used);
        Advance(count);
    }

    /// <summary>Free space of at least <paramref name="size"/> bytes at the end: the last chunk's rest, or a new chunk.</summary>
    private Memory<byte> NextFreeSpace(int size = 1)
    {
        if (_last is null || _last.Array.Length - _last.Used < size)
        {
            // A value larger than a chunk (one long user line) gets a chunk of its own size.
            var chunk = new Chunk(new byte[Math.Max(ChunkSize, size)], Length);
            if (_last is null)
            {
                _first = chunk;
            }
            else
            {
                _last.Link(chunk);
            }

            _last = chunk;
        }

        return _last.Array.AsMemory(_last.Used);
    }

    private void Advance(int count)
    {
        _last!.Used += count;
        _last.Refresh();
        Length += count;
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(byte[] array, long runningIndex)
        {
            Array = array;
            RunningIndex = runningIndex;
        }

        public byte[] Array { get; }

        public int Used { get; set; }

        public void Link(Chunk next) => Next = next;

        public void Refresh() => Memory = Array.AsMemory(0, Used);
    }
}

using System.Buffers;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// A part's bytes as a chain of fixed 64 KiB chunks, read as one <see cref="ReadOnlySequence{T}"/>.
/// A growing array would copy the whole batch at every doubling and once more at the end (up to three
/// times its size at once); chunks are written once, stay below the large object heap, and are
/// collected as soon as the upload is parsed.
/// </summary>
internal sealed class ChunkedBytes
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

    private Memory<byte> NextFreeSpace()
    {
        if (_last is null || _last.Used == ChunkSize)
        {
            var chunk = new Chunk(new byte[ChunkSize], Length);
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

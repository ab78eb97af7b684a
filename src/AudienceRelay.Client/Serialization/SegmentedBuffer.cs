using System.Buffers;

namespace AudienceRelay.Client.Serialization;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over 64 KiB arrays rented from the shared pool. A batch of 10,000 users is
/// about 2 MB of JSON: written here it never becomes one large array (large-object heap) or a string.
/// </summary>
internal sealed class SegmentedBuffer : IBufferWriter<byte>, IDisposable
{
    private const int SegmentSize = 64 * 1024;

    private readonly List<(byte[] Array, int Count)> full = [];
    private byte[]? current;
    private int used;

    public long Length
    {
        get
        {
            long length = used;
            foreach (var segment in full)
            {
                length += segment.Count;
            }

            return length;
        }
    }

    public void Advance(int count)
    {
        if (current is null || count < 0 || used + count > current.Length)
        {
            throw new InvalidOperationException("Advanced past the memory that was handed out.");
        }

        used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(used);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(used);

    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var (array, count) in full)
        {
            await destination.WriteAsync(array.AsMemory(0, count), cancellationToken);
        }

        if (current is not null && used > 0)
        {
            await destination.WriteAsync(current.AsMemory(0, used), cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var (array, _) in full)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        full.Clear();
        if (current is not null)
        {
            ArrayPool<byte>.Shared.Return(current);
            current = null;
        }

        used = 0;
    }

    private byte[] Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (current is not null && current.Length - used >= sizeHint)
        {
            return current;
        }

        if (current is not null)
        {
            full.Add((current, used));
        }

        current = ArrayPool<byte>.Shared.Rent(Math.Max(SegmentSize, sizeHint));
        used = 0;
        return current;
    }
}

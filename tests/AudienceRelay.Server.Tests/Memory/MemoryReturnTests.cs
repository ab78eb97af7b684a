using AudienceRelay.Server.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Memory;

/// <summary>Memory goes back to the system once large work has ended and every part is quiet, never while work is in flight.</summary>
public sealed class MemoryReturnTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
    private int _returns;

    [Fact]
    public void Released_memory_is_returned_at_the_next_quiet_sweep_and_once_more_after_it()
    {
        using var memory = New();
        memory.Released(MemoryReturn.ThresholdBytes);

        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(1, _returns);

        // Once more: what the last work still referenced at the first collection is garbage by now.
        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(2, _returns);

        // Then nothing until more is released.
        _time.Advance(MemoryReturn.Interval);
        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(2, _returns);
    }

    [Fact]
    public void Small_releases_add_up_and_nothing_is_returned_below_the_threshold()
    {
        using var memory = New();
        memory.Released((MemoryReturn.ThresholdBytes / 2) - 1);
        memory.Released(MemoryReturn.ThresholdBytes / 2);
        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(0, _returns);

        memory.Released(1);
        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(1, _returns);
    }

    [Fact]
    public void Nothing_is_returned_while_any_part_still_holds_work()
    {
        using var memory = New();
        var uploadsInFlight = 1;
        var batchesHeld = 0;
        memory.AddQuietCheck(() => uploadsInFlight == 0);
        memory.AddQuietCheck(() => batchesHeld == 0);
        memory.Released(MemoryReturn.ThresholdBytes * 4);

        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(0, _returns);

        uploadsInFlight = 0;
        batchesHeld = 1;
        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(0, _returns);

        batchesHeld = 0;
        _time.Advance(MemoryReturn.Interval);
        Assert.Equal(1, _returns);
    }

    [Fact]
    public void The_real_return_collects_and_the_process_keeps_working()
    {
        // The production path: a compacting collection and, on glibc, a trim of the C heap.
        using var memory = new MemoryReturn(_time, NullLogger<MemoryReturn>.Instance);
        var garbage = new byte[MemoryReturn.ThresholdBytes];
        memory.Released(garbage.LongLength);
        garbage = null;
        var before = GC.CollectionCount(GC.MaxGeneration);

        memory.Sweep();

        Assert.Equal(1, memory.Returns);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before);
        Assert.Null(garbage);
    }

    private MemoryReturn New() => new(_time, NullLogger<MemoryReturn>.Instance, () =>
    {
        _returns++;
        return true;
    });
}

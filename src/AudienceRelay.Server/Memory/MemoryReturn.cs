using System.Runtime;

namespace AudienceRelay.Server.Memory;

/// <summary>
/// Hands memory back to the operating system once the work that needed it has ended. A large upload (tens of MB
/// of JSON, its payload and its sealed copy) or a large delivered batch leaves hundreds of megabytes of garbage,
/// mostly on the large object heap, that the GC would keep committed until the next burst of allocations; on a
/// node that then sits idle that is memory held for nothing. Parts that hold such memory report what they
/// released (<see cref="Released"/>) and say whether they still hold any (<see cref="AddQuietCheck"/>). At each
/// sweep (every <see cref="Interval"/>), when at least <see cref="ThresholdBytes"/> were released since the last
/// return and every part is quiet, one compacting collection runs and the C heap is trimmed; the next sweep does it
/// once more, because buffers still referenced at the first one (the last request's, the store's read) are garbage
/// by then. Nothing runs while work is in flight: a busy node's GC keeps its own pace.
/// </summary>
internal sealed partial class MemoryReturn : IDisposable
{
    /// <summary>Freed memory this large is handed back at the next quiet sweep.</summary>
    public const long ThresholdBytes = 32L * 1024 * 1024;

    /// <summary>How often the sweep looks; a node is back near idle within two of these after its last large work.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<Func<bool>> _quietChecks = [];
    private readonly Func<bool> _returnMemory;
    private readonly ILogger<MemoryReturn> _logger;
    private readonly ITimer _sweep;
    private readonly Lock _sweeping = new();
    private long _releasedBytes;
    private bool _returnAgain;

    public MemoryReturn(TimeProvider time, ILogger<MemoryReturn> logger)
        : this(time, logger, CollectAndTrim)
    {
    }

    /// <summary>For tests: <paramref name="returnMemory"/> stands for the collection and the trim.</summary>
    internal MemoryReturn(TimeProvider time, ILogger<MemoryReturn> logger, Func<bool> returnMemory)
    {
        _logger = logger;
        _returnMemory = returnMemory;
        _sweep = time.CreateTimer(_ => Sweep(), null, Interval, Interval);
    }

    /// <summary>How many times memory was handed back, for tests and diagnostics.</summary>
    public int Returns { get; private set; }

    /// <summary>Registers a check that is true while its part holds no large memory (no upload in flight, no batch cached).</summary>
    public void AddQuietCheck(Func<bool> isQuiet)
    {
        lock (_gate)
        {
            _quietChecks.Add(isQuiet);
        }
    }

    /// <summary>A part let go of about this many bytes (an upload's buffers, a delivered batch). Takes no lock.</summary>
    public void Released(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _releasedBytes, bytes);
        }
    }

    public void Dispose() => _sweep.Dispose();

    /// <summary>
    /// One sweep. The quiet checks take their parts' own locks, so they are asked with no lock of this class held
    /// (a part may report <see cref="Released"/> under its lock); a sweep still running when the timer fires again is
    /// not doubled.
    /// </summary>
    internal void Sweep()
    {
        if (!_sweeping.TryEnter())
        {
            return;
        }

        try
        {
            Func<bool>[] checks;
            lock (_gate)
            {
                checks = [.. _quietChecks];
            }

            var again = _returnAgain;
            if ((Interlocked.Read(ref _releasedBytes) < ThresholdBytes && !again) || !Array.TrueForAll(checks, isQuiet => isQuiet()))
            {
                return;
            }

            _returnAgain = !again;
            var released = Interlocked.Exchange(ref _releasedBytes, 0);
            Returns++;
            var trimmed = _returnMemory();
            MemoryReturned(_logger, released / (1024 * 1024), trimmed);
        }
        finally
        {
            _sweeping.Exit();
        }
    }

    private static bool CollectAndTrim()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return NativeHeap.Trim();
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Debug, Message = "Finished work released about {Megabytes} MiB; memory returned to the system (C heap trimmed: {Trimmed})")]
    private static partial void MemoryReturned(ILogger logger, long megabytes, bool trimmed);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace AudienceRelay.Server.Tests.Observability;

/// <summary>An in-memory span exporter for the server under test: keeps every exported span and signals each arrival.</summary>
internal sealed class CollectingExporter : BaseExporter<Activity>
{
    private readonly SemaphoreSlim _arrived = new(0);

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            Spans.Enqueue(activity);
            _arrived.Release();
        }

        return ExportResult.Success;
    }

    /// <summary>Waits (with a timeout, on arrivals, never sleeping) until <paramref name="condition"/> holds over the spans so far.</summary>
    public async Task<List<Activity>> WaitForAsync(Func<List<Activity>, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var spans = Spans.ToList();
            if (condition(spans))
            {
                return spans;
            }

            await _arrived.WaitAsync(cts.Token);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _arrived.Dispose();
        base.Dispose(disposing);
    }
}

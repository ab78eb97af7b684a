using System.Diagnostics.Metrics;
using AudienceRelay.Store.Operations;

namespace AudienceRelay.Server.Observability;

/// <summary>
/// Gauges read from the store when metrics are collected, so they need no call site and agree across
/// nodes: the queue per instance (open deliveries, pending and leased), the age of the oldest due delivery
/// per instance, and the bytes of users still held. One read serves every gauge of a collection (kept for a
/// second). Ended deliveries are not gauged: their count grows with the retention, and the
/// <c>audience_relay.deliveries</c> counter reports them as they end.
/// </summary>
internal sealed partial class QueueGauges
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private readonly IOperationsStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueGauges> _logger;
    private readonly Lock _gate = new();
    private (DateTimeOffset At, IReadOnlyList<InstanceQueue> Queues, long PayloadBytes)? _last;

    public QueueGauges(IMeterFactory meters, IOperationsStore store, TimeProvider time, ILogger<QueueGauges> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        var meter = meters.Create(AudienceMetrics.MeterName);
        meter.CreateObservableGauge("audience_relay.queue.depth", ReadDepth, "{delivery}", "Open deliveries per instance and state (pending, leased): the queue.");
        meter.CreateObservableGauge("audience_relay.queue.oldest_due_age", ReadOldestDueAge, "s", "Per instance: how long the oldest due, pending delivery has been due (0 when none is).");
        meter.CreateObservableGauge("audience_relay.payload.bytes_waiting", ReadPayloadBytes, "By", "Bytes of sealed users still held for deliveries left to run.");
    }

    private IEnumerable<Measurement<long>> ReadDepth() =>
        Snapshot() is { } s
            ? s.Queues.SelectMany(q => q.ByState.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("instance", q.Instance), new KeyValuePair<string, object?>("state", kv.Key))))
            : [];

    private IEnumerable<Measurement<double>> ReadOldestDueAge() =>
        Snapshot() is { } s
            ? s.Queues.Select(q => new Measurement<double>(
                q.OldestDueAt is { } due ? Math.Max(0, (s.At - due).TotalSeconds) : 0,
                new KeyValuePair<string, object?>("instance", q.Instance)))
            : [];

    private IEnumerable<Measurement<long>> ReadPayloadBytes() =>
        Snapshot() is { } s ? [new Measurement<long>(s.PayloadBytes)] : [];

    private (DateTimeOffset At, IReadOnlyList<InstanceQueue> Queues, long PayloadBytes)? Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_last is { } last && now - last.At < Freshness)
            {
                return last;
            }

            try
            {
                // Gauge callbacks are synchronous; the reads follow open work (indexed), bounded by a timeout.
                using var timeout = new CancellationTokenSource(ReadTimeout);
                var queues = _store.ReadQueuesAsync(now, now, timeout.Token).GetAwaiter().GetResult();
                var bytes = _store.PayloadBytesWaitingAsync(timeout.Token).GetAwaiter().GetResult();
                _last = (now, queues, bytes);
                return _last;
            }
            catch (Exception ex)
            {
                GaugeReadFailed(_logger, ex.GetType().Name);
                return null;
            }
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Reading queue figures for metrics failed ({Error}); the queue gauges are left out of this collection")]
    private static partial void GaugeReadFailed(ILogger logger, string error);
}

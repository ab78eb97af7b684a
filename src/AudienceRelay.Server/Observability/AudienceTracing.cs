using System.Diagnostics;
using AudienceRelay.Store;
using AudienceRelay.Store.Operations;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Observability;

/// <summary>
/// One trace per upload: the <c>POST /audience</c> span's W3C <c>traceparent</c> is kept with the stored
/// batch, and each delivery of it, on whichever node claims it, starts its span under that parent, so the
/// platform calls (HttpClient spans) hang under the upload. Span names and tags carry ids and instance
/// names only, never what a user sent.
/// </summary>
internal static class AudienceTracing
{
    public const string SourceName = "AudienceRelay";
    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Keeps the current span's context with a newly stored batch (no-op when nothing traces).</summary>
    public static async Task KeepTraceAsync(IBatchStore store, AcceptOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome is AcceptOutcome.Stored stored && Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } current && store is IOperationsStore operations)
        {
            current.SetTag("audience_relay.batch_id", stored.Batch.BatchId);
            await operations.SaveTraceParentAsync(stored.Batch.BatchId, id, cancellationToken);
        }
    }

    /// <summary>The upload's trace context for a delivery's batch, or null (read before the span starts, so the span can be started in the caller's context).</summary>
    public static async Task<string?> ParentOfAsync(IDeliveryQueue store, DeliveryLease lease) =>
        Source.HasListeners() && store is IOperationsStore operations ? await operations.ReadTraceParentAsync(lease.BatchId, CancellationToken.None) : null;

    /// <summary>Starts the delivery's span under <paramref name="traceParent"/> (a new trace when there is none).</summary>
    public static Activity? StartDelivery(DeliveryLease lease, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity("audience.delivery " + lease.Instance, ActivityKind.Internal, parent);
        activity?.SetTag("audience_relay.instance", lease.Instance);
        activity?.SetTag("audience_relay.delivery_id", lease.DeliveryId);
        activity?.SetTag("audience_relay.batch_id", lease.BatchId);
        activity?.SetTag("audience_relay.attempt", lease.Attempts + 1);
        return activity;
    }
}

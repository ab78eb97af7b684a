namespace AudienceRelay.Store.Operations;

/// <summary>
/// What operators read and do beside the delivery queue: list sessions, retry or cancel work, the record
/// of those actions, queue figures for metrics, and the trace context kept with each batch. Implemented
/// by both engines next to <see cref="IAudienceStore"/>; both pass the same contract tests.
/// </summary>
public interface IOperationsStore
{
    /// <summary>Sessions newest first, with each instance's delivery counts by state.</summary>
    Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(SessionFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Makes one delivery due now: a pending one (backing off) at once; a failed or dead one only while its
    /// batch's payload is still held (payloads are purged when a batch's last delivery ends).
    /// </summary>
    Task<ActionOutcome> RetryDeliveryAsync(long deliveryId, string keyName, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Makes every retryable delivery of the session due now (see <see cref="RetryDeliveryAsync"/>).</summary>
    Task<ActionOutcome> RetrySessionAsync(long sessionId, string keyName, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends every pending or leased delivery of the session as failed ("cancelled by operator") and purges its payloads.</summary>
    Task<ActionOutcome> CancelSessionAsync(long sessionId, string keyName, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The operator actions taken on a session, oldest first.</summary>
    Task<IReadOnlyList<OperatorAction>> ListActionsAsync(long sessionId, CancellationToken cancellationToken);

    /// <summary>Per instance: deliveries by state, the oldest due time, and how many ended since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<InstanceQueue>> ReadQueuesAsync(DateTimeOffset now, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Bytes of sealed payloads still held (batches with a delivery left to run).</summary>
    Task<long> PayloadBytesWaitingAsync(CancellationToken cancellationToken);

    /// <summary>Keeps the upload's W3C <c>traceparent</c> with the batch (first writer wins).</summary>
    Task SaveTraceParentAsync(long batchId, string traceParent, CancellationToken cancellationToken);

    /// <summary>The <c>traceparent</c> kept with the batch, or null.</summary>
    Task<string?> ReadTraceParentAsync(long batchId, CancellationToken cancellationToken);
}

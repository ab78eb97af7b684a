using AudienceRelay.Store.Status;

namespace AudienceRelay.Store;

/// <summary>Status reads (the session status endpoint, sync waits).</summary>
public interface IStatusStore
{
    Task<SessionStatus?> GetSessionAsync(long sessionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryStatus>> GetBatchDeliveriesAsync(long batchId, CancellationToken cancellationToken);
}

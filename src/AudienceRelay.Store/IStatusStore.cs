using AudienceRelay.Store.Status;

namespace AudienceRelay.Store;

/// <summary>Status reads (the session status endpoint, sync waits, the operations page): the rows as stored, which each caller shows its own way.</summary>
public interface IStatusStore
{
    Task<SessionRecord?> GetSessionAsync(long sessionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryRecord>> GetBatchDeliveriesAsync(long batchId, CancellationToken cancellationToken);
}

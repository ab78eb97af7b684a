using AudienceRelay.Providers.Delivery;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Delivery;

/// <summary>The session facts a provider may need, read from and written to the store under the delivery's lease.</summary>
internal sealed class StoreDeliverySession(IAudienceStore store, DeliveryLease lease) : IDeliverySession
{
    public bool AllBatchesArrived => lease.BatchesReceived >= lease.Batch.TotalBatches;

    public string? SavedState => lease.ProviderState;

    public async Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken) =>
        AllBatchesArrived && await store.CountOpenSessionDeliveriesAsync(lease.Batch.SessionId, lease.Instance, lease.DeliveryId, cancellationToken) == 0;

    public Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken) =>
        store.ReserveSessionSequenceAsync(lease.Batch.SessionId, lease.Instance, count, cancellationToken);

    public async Task SaveStateAsync(string state, CancellationToken cancellationToken)
    {
        if (!await store.SaveProviderStateAsync(lease.DeliveryId, lease.LeaseToken, state, cancellationToken))
        {
            throw new OperationCanceledException("The delivery's lease was lost while it saved progress.");
        }
    }
}

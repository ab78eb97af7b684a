using AudienceRelay.Store.Queue;

namespace AudienceRelay.Store;

/// <summary>The delivery queue: leases, their outcomes, the payload a lease works on and the provider progress saved under it.</summary>
public interface IDeliveryQueue
{
    /// <summary>Leases due deliveries (pending and due, or leased with an expired lease).</summary>
    Task<IReadOnlyList<DeliveryLease>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>Extends a lease; false when the lease was lost (taken over or finished).</summary>
    Task<bool> RenewLeaseAsync(long deliveryId, Guid leaseToken, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the outcome if <paramref name="leaseToken"/> still holds the delivery (fencing); purges
    /// the batch's payload once all its deliveries have ended. False when the lease was lost.
    /// </summary>
    Task<bool> CompleteAsync(long deliveryId, Guid leaseToken, DeliveryResult result, CancellationToken cancellationToken);

    /// <summary>Returns every leased delivery to pending (a single node's restart after a crash).</summary>
    Task<int> ReleaseAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The users of a batch as plain JSON, or null once purged.</summary>
    Task<byte[]?> ReadPayloadAsync(long batchId, CancellationToken cancellationToken);

    /// <summary>Saves provider progress under the lease (fenced like <see cref="CompleteAsync"/>).</summary>
    Task<bool> SaveProviderStateAsync(long deliveryId, Guid leaseToken, string providerState, CancellationToken cancellationToken);
}

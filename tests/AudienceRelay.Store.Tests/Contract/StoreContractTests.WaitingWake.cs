using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>A delivery waiting for its session is never left waiting when the session completed while it was leased.</summary>
public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task A_waiting_delivery_written_back_after_its_session_completed_is_due_at_once()
    {
        await AcceptAsync(TestBatches.Create(90, 1, T0, totalBatches: 2, type: AudienceType.Primary));
        var lease = Assert.Single(await ClaimAsync(T0, onePerSession: true));

        // The last batch arrives while the first delivery is leased: the accept's wake-up cannot reach it.
        await AcceptAsync(TestBatches.Create(90, 2, T0.AddSeconds(1), totalBatches: 2, type: AudienceType.Primary));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, RetryAt(T0.AddMinutes(5), T0.AddSeconds(2), attempts: 0, waiting: true), None));

        var again = Assert.Single(await ClaimAsync(T0.AddSeconds(3), onePerSession: true));
        Assert.Equal(lease.DeliveryId, again.DeliveryId);
        Assert.Equal(2, again.BatchesReceived);
    }

    [StoreFact]
    public async Task A_waiting_delivery_of_an_incomplete_session_waits_and_says_so_in_its_status()
    {
        await AcceptAsync(TestBatches.Create(91, 1, T0, totalBatches: 3, type: AudienceType.Primary));
        var lease = Assert.Single(await ClaimAsync(T0));
        await AcceptAsync(TestBatches.Create(91, 2, T0.AddSeconds(1), totalBatches: 3, type: AudienceType.Primary));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, RetryAt(T0.AddMinutes(5), T0.AddSeconds(2), attempts: 0, waiting: true), None));

        Assert.DoesNotContain(await ClaimAsync(T0.AddSeconds(3)), l => l.DeliveryId == lease.DeliveryId);
        var status = (await Store.GetSessionAsync(91, None))!;
        var deliveries = status.Batches.SelectMany(b => b.Deliveries).ToList();
        Assert.True(deliveries.Single(d => d.DeliveryId == lease.DeliveryId).WaitingForSession);
        Assert.False(deliveries.Single(d => d.DeliveryId != lease.DeliveryId).WaitingForSession);

        // The last batch wakes it.
        await AcceptAsync(TestBatches.Create(91, 3, T0.AddSeconds(4), totalBatches: 3, type: AudienceType.Primary));
        Assert.Contains(await ClaimAsync(T0.AddSeconds(5)), l => l.DeliveryId == lease.DeliveryId);
    }
}

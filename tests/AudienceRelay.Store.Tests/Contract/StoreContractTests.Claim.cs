using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task Claim_leases_due_deliveries_only()
    {
        var stored = await AcceptAsync(TestBatches.Create(20, 1, T0, totalBatches: 4, type: AudienceType.Primary));

        Assert.Empty(await ClaimAsync(T0.AddMilliseconds(-1)));
        var lease = Assert.Single(await ClaimAsync(T0));

        Assert.Equal((stored.BatchId, "meta", 0, T0, T0 + Lease), (lease.BatchId, lease.Instance, lease.Attempts, lease.CreatedAt, lease.LeaseUntil));
        Assert.Equal(("blotout_shoppers", AudienceType.Primary, 1), (lease.AudienceName, lease.Type, lease.BatchesReceived));
        Assert.Equal(new BatchInfo(20, 1, 4, 100, null), lease.Batch);
        Assert.Null(lease.ProviderState);
        Assert.Empty(await ClaimAsync(T0));

        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, RetryAt(T0.AddMinutes(10), T0), None));
        Assert.Empty(await ClaimAsync(T0.AddMinutes(10).AddMilliseconds(-1)));
        var retry = Assert.Single(await ClaimAsync(T0.AddMinutes(10)));
        Assert.Equal((lease.DeliveryId, 1), (retry.DeliveryId, retry.Attempts));
        Assert.NotEqual(lease.LeaseToken, retry.LeaseToken);
    }

    [StoreFact]
    public async Task Claim_takes_one_instance_up_to_the_limit_oldest_first()
    {
        for (var i = 0; i < 5; i++)
        {
            await AcceptAsync(TestBatches.Create(30 + i, 0, T0.AddSeconds(5 - i), instances: ["meta", "tiktok"]));
        }

        var leases = await ClaimAsync(T0.AddMinutes(1), instance: "tiktok", limit: 3);

        Assert.Equal([34L, 33L, 32L], leases.Select(l => l.Batch.SessionId));
        Assert.All(leases, l => Assert.Equal("tiktok", l.Instance));
        Assert.Equal(2, (await ClaimAsync(T0.AddMinutes(1), instance: "tiktok")).Count);
        Assert.Equal(5, (await ClaimAsync(T0.AddMinutes(1), instance: "meta")).Count);
    }

    [StoreFact]
    public async Task One_per_session_leases_the_oldest_delivery_of_each_session_at_a_time()
    {
        for (var sequence = 0; sequence < 3; sequence++)
        {
            await AcceptAsync(TestBatches.Create(40, sequence, T0));
        }

        await AcceptAsync(TestBatches.Create(41, 0, T0));

        var first = await ClaimAsync(T0, onePerSession: true);
        Assert.Equal([(40L, 0L), (41L, 0L)], first.Select(l => (l.Batch.SessionId, l.Batch.Sequence)).Order());
        Assert.Empty(await ClaimAsync(T0, onePerSession: true));

        var session40 = first.Single(l => l.Batch.SessionId == 40);
        Assert.True(await Store.CompleteAsync(session40.DeliveryId, session40.LeaseToken, Succeeded(T0), None));
        var next = Assert.Single(await ClaimAsync(T0, onePerSession: true));
        Assert.Equal((40L, 1L, 3), (next.Batch.SessionId, next.Batch.Sequence, next.BatchesReceived));

        // Without the gate, the rest of the session goes at once.
        Assert.Equal([2L], (await ClaimAsync(T0)).Select(l => l.Batch.Sequence));
    }

    [StoreFact]
    public async Task An_expired_lease_is_taken_over_and_the_old_holder_is_fenced_off()
    {
        var stored = await AcceptAsync(TestBatches.Create(50, 0, T0));
        var old = Assert.Single(await ClaimAsync(T0, owner: "node-a"));

        Assert.Empty(await ClaimAsync(T0 + Lease - TimeSpan.FromMilliseconds(1), owner: "node-b", onePerSession: true));
        var taken = Assert.Single(await ClaimAsync(T0 + Lease, owner: "node-b", onePerSession: true));

        Assert.Equal(old.DeliveryId, taken.DeliveryId);
        Assert.NotEqual(old.LeaseToken, taken.LeaseToken);
        Assert.False(await Store.RenewLeaseAsync(old.DeliveryId, old.LeaseToken, T0.AddHours(1), None));
        Assert.False(await Store.SaveProviderStateAsync(old.DeliveryId, old.LeaseToken, "stale", None));
        Assert.False(await Store.CompleteAsync(old.DeliveryId, old.LeaseToken, new DeliveryResult { State = DeliveryState.Failed, Attempts = 1, LastError = "stale", Now = T0 + Lease }, None));
        Assert.True(await Store.CompleteAsync(taken.DeliveryId, taken.LeaseToken, Succeeded(T0 + Lease), None));
        Assert.False(await Store.CompleteAsync(taken.DeliveryId, taken.LeaseToken, Succeeded(T0 + Lease), None));

        var delivery = Assert.Single(await Store.GetBatchDeliveriesAsync(stored.BatchId, None));
        Assert.Equal((DeliveryState.Succeeded, (string?)null), (delivery.State, delivery.LastError));
    }

    [StoreFact]
    public async Task A_renewed_lease_is_not_taken_over_until_it_runs_out()
    {
        await AcceptAsync(TestBatches.Create(51, 0, T0));
        var lease = Assert.Single(await ClaimAsync(T0));

        Assert.True(await Store.RenewLeaseAsync(lease.DeliveryId, lease.LeaseToken, T0.AddMinutes(5), None));

        Assert.Empty(await ClaimAsync(T0.AddMinutes(2), owner: "node-b"));
        Assert.Equal(T0.AddMinutes(5), await Store.NextDueAsync(None));
        Assert.Equal(lease.DeliveryId, Assert.Single(await ClaimAsync(T0.AddMinutes(5), owner: "node-b")).DeliveryId);
    }

    [StoreFact]
    public async Task Provider_state_saved_under_the_lease_reaches_the_next_attempt()
    {
        await AcceptAsync(TestBatches.Create(52, 0, T0));
        var lease = Assert.Single(await ClaimAsync(T0));

        Assert.True(await Store.SaveProviderStateAsync(lease.DeliveryId, lease.LeaseToken, """{"seq":7}""", None));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, RetryAt(T0.AddMinutes(1), T0), None));

        Assert.Equal("""{"seq":7}""", Assert.Single(await ClaimAsync(T0.AddMinutes(1))).ProviderState);
    }

    [StoreFact]
    public async Task Releasing_all_leases_makes_them_due_now()
    {
        await AcceptAsync(TestBatches.Create(53, 0, T0, instances: ["meta", "tiktok"]));
        await AcceptAsync(TestBatches.Create(54, 0, T0.AddMinutes(10)));
        Assert.Single(await ClaimAsync(T0, instance: "tiktok"));
        Assert.Equal(2, (await ClaimAsync(T0.AddMinutes(10))).Count);

        Assert.Equal(3, await Store.ReleaseAllLeasesAsync(T0.AddMinutes(5), None));

        Assert.Equal(T0, await Store.NextDueAsync(None));
        Assert.Single(await ClaimAsync(T0, instance: "tiktok"));
        Assert.Equal([53L, 54L], (await ClaimAsync(T0.AddMinutes(5))).Select(l => l.Batch.SessionId));
    }

    [StoreFact]
    public async Task Open_deliveries_of_a_session_are_counted_per_instance()
    {
        var leases = new List<DeliveryLease>();
        for (var sequence = 0; sequence < 3; sequence++)
        {
            await AcceptAsync(TestBatches.Create(55, sequence, T0, instances: ["meta", "tiktok"]));
        }

        leases.AddRange(await ClaimAsync(T0));
        Assert.True(await Store.CompleteAsync(leases[0].DeliveryId, leases[0].LeaseToken, Succeeded(T0), None));

        Assert.Equal(1, await Store.CountOpenSessionDeliveriesAsync(55, "meta", leases[1].DeliveryId, None));
        Assert.Equal(2, await Store.CountOpenSessionDeliveriesAsync(55, "meta", leases[0].DeliveryId, None));
        Assert.Equal(3, await Store.CountOpenSessionDeliveriesAsync(55, "tiktok", 0, None));
        Assert.Equal(0, await Store.CountOpenSessionDeliveriesAsync(56, "meta", 0, None));
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>The sweeper (deliveries past their age) and retention (old ended sessions), on both engines.</summary>
public abstract partial class StoreContractTests
{
    private IStoreMaintenance Maintenance => (IStoreMaintenance)Store;

    [StoreFact]
    public async Task The_sweeper_marks_old_unfinished_deliveries_dead_and_purges_their_payloads()
    {
        // One delivery for an instance no node claims any more, one leased by a node that died, one young one.
        var orphan = await AcceptAsync(TestBatches.Create(110, 0, T0, instances: ["gone"]));
        var stuck = await AcceptAsync(TestBatches.Create(111, 0, T0));
        Assert.Single(await ClaimAsync(T0));
        var young = await AcceptAsync(TestBatches.Create(112, 0, T0.AddDays(1)));

        var swept = await Maintenance.SweepExpiredAsync(T0.AddHours(1), T0.AddDays(1), "gave up after 1.00:00:00", 10, None);

        Assert.Equal(2, swept);
        foreach (var batch in new[] { orphan, stuck })
        {
            var delivery = Assert.Single(await Store.GetBatchDeliveriesAsync(batch.BatchId, None));
            Assert.Equal((DeliveryState.Dead, "gave up after 1.00:00:00"), (delivery.State, delivery.LastError));
            Assert.Null(await ReadRawPayloadAsync(batch.BatchId));
        }

        Assert.NotNull(await ReadRawPayloadAsync(young.BatchId));
        Assert.Equal(0, await Maintenance.SweepExpiredAsync(T0.AddHours(1), T0.AddDays(1), "again", 10, None));
    }

    [StoreFact]
    public async Task The_sweeper_leaves_a_live_lease_alone()
    {
        await AcceptAsync(TestBatches.Create(113, 0, T0));
        var lease = Assert.Single(await ClaimAsync(T0.AddDays(2)));

        Assert.Equal(0, await Maintenance.SweepExpiredAsync(T0.AddDays(1), T0.AddDays(2), "late", 10, None));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(T0.AddDays(2)), None));
    }

    [StoreFact]
    public async Task Retention_deletes_old_ended_sessions_in_chunks_and_keeps_recent_or_open_ones()
    {
        for (var session = 120; session < 125; session++)
        {
            await AcceptAsync(TestBatches.Create(session, 0, T0, totalBatches: 1));
            var lease = Assert.Single(await ClaimAsync(T0));
            Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(T0), None));
        }

        await AcceptAsync(TestBatches.Create(125, 0, T0, totalBatches: 1));
        await AcceptAsync(TestBatches.Create(126, 0, T0.AddDays(40), totalBatches: 1, instances: ["tiktok"]));
        var cutoff = T0.AddDays(30);

        Assert.Equal(2, await Maintenance.DeleteEndedSessionsAsync(cutoff, 2, None));
        Assert.Equal(3, await Maintenance.DeleteEndedSessionsAsync(cutoff, 10, None));
        Assert.Equal(0, await Maintenance.DeleteEndedSessionsAsync(cutoff, 10, None));

        for (var session = 120; session < 125; session++)
        {
            Assert.Null(await Store.GetSessionAsync(session, None));
        }

        Assert.NotNull(await Store.GetSessionAsync(125, None));
        Assert.NotNull(await Store.GetSessionAsync(126, None));
        Assert.Equal(2, (await Store.CountByStateAsync(None)).Sum(c => c.Count));

        // A deleted session's id may arrive again: it starts afresh.
        await AcceptAsync(TestBatches.Create(120, 0, T0.AddDays(41), totalBatches: 1));
        Assert.Equal(1, (await Store.GetSessionAsync(120, None))!.BatchesReceived);
    }

    [StoreFact]
    public async Task Retention_abandons_old_incomplete_primary_sessions_and_keeps_the_baseline()
    {
        // Session 130 completed and is the baseline; 131 never got its second batch.
        await AcceptAsync(TestBatches.Create(130, 0, T0, totalBatches: 1, instances: ["tiktok"], type: AudienceType.Primary));
        await Store.RecordPrimaryMembersAsync("tiktok", "blotout_shoppers", 130, [Ann, Bob], None);
        await Store.CommitPrimarySessionAsync("tiktok", "blotout_shoppers", 130, None);
        var done = Assert.Single(await ClaimAsync(T0, instance: "tiktok"));
        Assert.True(await Store.CompleteAsync(done.DeliveryId, done.LeaseToken, Succeeded(T0), None));
        var partial = await AcceptAsync(TestBatches.Create(131, 0, T0.AddDays(1), totalBatches: 2, instances: ["tiktok"], type: AudienceType.Primary));
        await Store.RecordPrimaryMembersAsync("tiktok", "blotout_shoppers", 131, [Cid], None);
        var cutoff = T0.AddDays(40);

        Assert.Equal(1, await Maintenance.AbandonPrimarySessionsAsync(cutoff, cutoff, 10, None));
        Assert.Equal(0, await Maintenance.AbandonPrimarySessionsAsync(cutoff, cutoff, 10, None));

        Assert.Empty(await Store.FindPrimaryMembersAsync("tiktok", "blotout_shoppers", 131, [Cid], None));
        var delivery = Assert.Single(await Store.GetBatchDeliveriesAsync(partial.BatchId, None));
        Assert.Equal(DeliveryState.Dead, delivery.State);
        Assert.Contains("abandoned", delivery.LastError, StringComparison.Ordinal);
        Assert.Null(await ReadRawPayloadAsync(partial.BatchId));

        // The abandoned session goes with retention; the baseline session and its ledger stay.
        Assert.Equal(1, await Maintenance.DeleteEndedSessionsAsync(cutoff.AddDays(1), 10, None));
        Assert.Null(await Store.GetSessionAsync(131, None));
        Assert.NotNull(await Store.GetSessionAsync(130, None));
        Assert.Equal([Ann, Bob], await Store.FindPrimaryMembersAsync("tiktok", "blotout_shoppers", 130, [Ann, Bob], None));
    }

    [StoreFact]
    public async Task The_maintenance_lock_lets_one_holder_in_at_a_time()
    {
        var other = (IStoreMaintenance)await OpenStoreAsync();
        var held = await Maintenance.TryLockMaintenanceAsync(None);
        Assert.NotNull(held);
        Assert.Null(await Maintenance.TryLockMaintenanceAsync(None));

        await held.DisposeAsync();
        await using var again = await Maintenance.TryLockMaintenanceAsync(None);
        Assert.NotNull(again);
        _ = other;
    }
}

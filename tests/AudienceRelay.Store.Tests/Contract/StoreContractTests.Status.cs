using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task The_session_status_shows_batches_in_order_with_their_deliveries()
    {
        var second = await AcceptAsync(TestBatches.Create(70, 1, T0.AddMinutes(1), totalBatches: 2, instances: ["meta", "tiktok"]));
        var first = await AcceptAsync(TestBatches.Create(70, 0, T0.AddMinutes(2), totalBatches: 2, instances: ["meta", "tiktok"]));
        var lease = (await ClaimAsync(T0.AddMinutes(3))).Single(l => l.BatchId == second.BatchId);
        var result = new DeliveryResult
        {
            State = DeliveryState.Succeeded,
            Attempts = 1,
            UsersSent = 2,
            UsersSkipped = 1,
            SkippedReasons = """{"bad_email":1}""",
            PlatformCounts = """{"num_received":2,"num_invalid_entries":0}""",
            AudienceId = "aud-70",
            Now = T0.AddMinutes(4),
        };
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, result, None));

        var session = await Store.GetSessionAsync(70, None);

        Assert.NotNull(session);
        Assert.Equal(("shoppers", "blotout_shoppers", "custom", 2, 100L, 2, 0, true), (session.Name, session.AudienceName, session.Type, session.TotalBatches, session.TotalUsers, session.BatchesReceived, session.SequenceBase, session.Complete));
        Assert.Equal(T0.AddMinutes(1), session.CreatedAt);
        Assert.Equal([first.BatchId, second.BatchId], session.Batches.Select(b => b.BatchId));
        var batch = session.Batches[1];
        Assert.Equal((1L, 2, 1, T0.AddMinutes(1), false), (batch.Sequence, batch.Users, batch.Skipped, batch.ReceivedAt, batch.PayloadPurged));
        Assert.Equal(new Dictionary<string, int> { ["no_identifier"] = 1 }, batch.SkippedReasons);
        var done = batch.Deliveries.Single(d => d.Instance == "meta");
        Assert.Equal((DeliveryState.Succeeded, 1, (DateTimeOffset?)null, 2, 1, "aud-70", T0.AddMinutes(4)), (done.State, done.Attempts, done.NextAttemptAt, done.UsersSent, done.UsersSkipped, done.AudienceId, done.UpdatedAt));
        // The JSON columns come back as the text the worker wrote; the server shows them as JSON.
        Assert.Equal("""{"bad_email":1}""", done.SkippedReasons);
        Assert.Equal("""{"num_received":2,"num_invalid_entries":0}""", done.PlatformCounts);
        var waiting = batch.Deliveries.Single(d => d.Instance == "tiktok");
        Assert.Equal((DeliveryState.Pending, T0.AddMinutes(1), (string?)null), (waiting.State, waiting.NextAttemptAt, waiting.AudienceId));
        Assert.Null(waiting.SkippedReasons);
        Assert.Equal(2, session.Batches[0].Deliveries.Count);
    }

    [StoreFact]
    public async Task Unknown_sessions_and_batches_are_empty()
    {
        Assert.Null(await Store.GetSessionAsync(404, None));
        Assert.Empty(await Store.GetBatchDeliveriesAsync(404, None));
        Assert.Null(await Store.ReadPayloadAsync(404, None));
        Assert.Empty(await Store.CountByStateAsync(None));
    }

    [StoreFact]
    public async Task Next_due_is_the_earliest_pending_time_or_lease_end()
    {
        Assert.Null(await Store.NextDueAsync(None));
        await AcceptAsync(TestBatches.Create(71, 0, T0));
        await AcceptAsync(TestBatches.Create(72, 0, T0.AddMinutes(30)));
        Assert.Equal(T0, await Store.NextDueAsync(None));

        var lease = Assert.Single(await ClaimAsync(T0));
        Assert.Equal(T0 + Lease, await Store.NextDueAsync(None));

        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, RetryAt(T0.AddHours(1), T0), None));
        Assert.Equal(T0.AddMinutes(30), await Store.NextDueAsync(None));
    }

    [StoreFact]
    public async Task Queue_depth_is_counted_by_instance_and_state()
    {
        await AcceptAsync(TestBatches.Create(73, 0, T0, instances: ["tiktok", "meta"]));
        await AcceptAsync(TestBatches.Create(73, 1, T0, instances: ["tiktok", "meta"]));
        await AcceptAsync(TestBatches.Create(73, 2, T0, instances: ["tiktok", "meta"]));
        var leases = await ClaimAsync(T0, instance: "meta", limit: 2);
        Assert.True(await Store.CompleteAsync(leases[0].DeliveryId, leases[0].LeaseToken, Succeeded(T0), None));

        var counts = await Store.CountByStateAsync(None);

        Assert.Equal(
            [new QueueCount("meta", "leased", 1), new QueueCount("meta", "pending", 1), new QueueCount("meta", "succeeded", 1), new QueueCount("tiktok", "pending", 3)],
            counts);
    }

    [StoreFact]
    public async Task Migrating_again_changes_nothing_and_another_store_sees_the_data()
    {
        var stored = await AcceptAsync(TestBatches.Create(74, 0, T0));
        await Store.MigrateAsync(None);

        var restarted = await OpenStoreAsync();

        Assert.True(await restarted.PingAsync(None));
        Assert.Equal(stored.BatchId, Assert.Single((await restarted.GetSessionAsync(74, None))!.Batches).BatchId);
        Assert.Equal(TestBatches.Payload(74, 0), await restarted.ReadPayloadAsync(stored.BatchId, None));
    }
}

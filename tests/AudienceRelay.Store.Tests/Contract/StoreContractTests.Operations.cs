using AudienceRelay.Store.Operations;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>Operator actions and figures: retry now, retry a session, cancel a session, list sessions, queue figures, trace context.</summary>
public abstract partial class StoreContractTests
{
    private IOperationsStore Operations => (IOperationsStore)Store;

    [StoreFact]
    public async Task Retry_now_makes_a_backing_off_delivery_due_at_once_and_records_who()
    {
        await AcceptAsync(TestBatches.Create(500, 1, T0, totalBatches: 1));
        var lease = Assert.Single(await ClaimAsync(T0));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, RetryAt(T0.AddHours(1), T0), None));
        Assert.Empty(await ClaimAsync(T0.AddMinutes(1)));

        var outcome = await Operations.RetryDeliveryAsync(lease.DeliveryId, "ops-team", T0.AddMinutes(1), None);

        Assert.Equal(new ActionOutcome(ActionStatus.Done, 1, null), outcome);
        var again = Assert.Single(await ClaimAsync(T0.AddMinutes(1)));
        Assert.Equal(lease.DeliveryId, again.DeliveryId);
        Assert.Equal(1, again.Attempts);
        var action = Assert.Single(await Operations.ListActionsAsync(500, None));
        Assert.Equal(new OperatorAction("retry_delivery", T0.AddMinutes(1), "ops-team", lease.DeliveryId, 1), action);
    }

    [StoreFact]
    public async Task A_failed_delivery_is_retried_while_its_batch_is_held_and_refused_once_purged()
    {
        await AcceptAsync(TestBatches.Create(501, 1, T0, totalBatches: 1, instances: ["meta", "tiktok"]));
        var meta = Assert.Single(await ClaimAsync(T0, "meta"));
        Assert.True(await Store.CompleteAsync(meta.DeliveryId, meta.LeaseToken, new DeliveryResult { State = DeliveryState.Failed, Attempts = 1, LastError = "bad token", Now = T0 }, None));

        // tiktok is still pending, so the users are still held: the failed delivery can run again.
        Assert.Equal(ActionStatus.Done, (await Operations.RetryDeliveryAsync(meta.DeliveryId, "0", T0.AddDays(3), None)).Status);
        var retried = Assert.Single(await ClaimAsync(T0.AddDays(3), "meta"));
        Assert.True(await Store.CompleteAsync(retried.DeliveryId, retried.LeaseToken, new DeliveryResult { State = DeliveryState.Dead, Attempts = 2, LastError = "gave up", Now = T0.AddDays(3) }, None));
        var tiktok = Assert.Single(await ClaimAsync(T0.AddDays(3), "tiktok"));
        Assert.True(await Store.CompleteAsync(tiktok.DeliveryId, tiktok.LeaseToken, Succeeded(T0.AddDays(3)), None));

        var refused = await Operations.RetryDeliveryAsync(meta.DeliveryId, "0", T0.AddDays(3), None);
        Assert.Equal(ActionStatus.Refused, refused.Status);
        Assert.Contains("purged", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Refused, (await Operations.RetryDeliveryAsync(tiktok.DeliveryId, "0", T0.AddDays(3), None)).Status);
        Assert.Equal(ActionStatus.NotFound, (await Operations.RetryDeliveryAsync(999_999, "0", T0, None)).Status);
        Assert.Single(await Operations.ListActionsAsync(501, None));
    }

    [StoreFact]
    public async Task A_retried_dead_delivery_gets_a_new_age_window()
    {
        var stored = await AcceptAsync(TestBatches.Create(502, 1, T0, totalBatches: 1, instances: ["meta", "tiktok"]));
        var meta = Assert.Single(await ClaimAsync(T0, "meta"));
        Assert.True(await Store.CompleteAsync(meta.DeliveryId, meta.LeaseToken, new DeliveryResult { State = DeliveryState.Dead, Attempts = 5, LastError = "gave up", Now = T0 }, None));

        var outcome = await Operations.RetrySessionAsync(502, "night-shift", T0.AddDays(2), None);

        Assert.Equal(2, outcome.Affected);
        var leases = await ClaimAsync(T0.AddDays(2), "meta");
        Assert.Equal(T0.AddDays(2), Assert.Single(leases).CreatedAt);
        Assert.Equal(stored.BatchId, leases[0].BatchId);
        Assert.Equal("retry_session", Assert.Single(await Operations.ListActionsAsync(502, None)).Action);
    }

    [StoreFact]
    public async Task Cancel_ends_the_open_deliveries_purges_the_users_and_fences_the_worker()
    {
        var first = await AcceptAsync(TestBatches.Create(503, 1, T0, totalBatches: 2, instances: ["meta", "tiktok"]));
        await AcceptAsync(TestBatches.Create(503, 2, T0, totalBatches: 2, instances: ["meta", "tiktok"]));
        var leased = (await ClaimAsync(T0, "meta", limit: 1))[0];

        var outcome = await Operations.CancelSessionAsync(503, "key-1", T0.AddMinutes(1), None);

        Assert.Equal(4, outcome.Affected);
        Assert.Null(await ReadRawPayloadAsync(first.BatchId));
        Assert.False(await Store.CompleteAsync(leased.DeliveryId, leased.LeaseToken, Succeeded(T0.AddMinutes(2)), None));
        var status = await Store.GetSessionAsync(503, None);
        Assert.All(status!.Batches.SelectMany(b => b.Deliveries), d =>
        {
            Assert.Equal(DeliveryState.Failed, d.State);
            Assert.Contains("cancelled by an operator (key key-1)", d.LastError, StringComparison.Ordinal);
        });
        Assert.Empty(await ClaimAsync(T0.AddHours(1), "tiktok"));
        Assert.Equal(ActionStatus.Refused, (await Operations.CancelSessionAsync(503, "key-1", T0.AddMinutes(3), None)).Status);
        Assert.Equal(ActionStatus.Refused, (await Operations.RetrySessionAsync(503, "key-1", T0.AddMinutes(3), None)).Status);
        Assert.Equal(ActionStatus.NotFound, (await Operations.CancelSessionAsync(504, "key-1", T0, None)).Status);
        Assert.Equal(["cancel_session"], (await Operations.ListActionsAsync(503, None)).Select(a => a.Action));
    }

    [StoreFact]
    public async Task Sessions_are_listed_newest_first_and_filtered_by_state_instance_and_date()
    {
        await AcceptAsync(TestBatches.Create(510, 1, T0, totalBatches: 1, instances: ["meta", "tiktok"]));
        await AcceptAsync(TestBatches.Create(511, 1, T0.AddDays(1), totalBatches: 1, instances: ["meta"]));
        var lease = Assert.Single(await ClaimAsync(T0.AddDays(1), "tiktok"));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, new DeliveryResult { State = DeliveryState.Failed, Attempts = 1, LastError = "no", Now = T0.AddDays(1) }, None));

        var all = await Operations.ListSessionsAsync(new SessionFilter(), None);
        Assert.Equal([511L, 510L], all.Select(s => s.SessionId));
        Assert.Equal(1, all[1].Instances["tiktok"]["failed"]);
        Assert.Equal(1, all[1].Instances["meta"]["pending"]);
        Assert.Equal("blotout_shoppers", all[0].AudienceName);

        Assert.Equal([510L], (await Operations.ListSessionsAsync(new SessionFilter(State: "failed"), None)).Select(s => s.SessionId));
        Assert.Empty(await Operations.ListSessionsAsync(new SessionFilter(State: "failed", Instance: "meta"), None));
        Assert.Equal([510L], (await Operations.ListSessionsAsync(new SessionFilter(Instance: "tiktok"), None)).Select(s => s.SessionId));
        Assert.Equal([511L], (await Operations.ListSessionsAsync(new SessionFilter(From: T0.AddHours(1)), None)).Select(s => s.SessionId));
        Assert.Equal([510L], (await Operations.ListSessionsAsync(new SessionFilter(To: T0.AddHours(1)), None)).Select(s => s.SessionId));
        Assert.Single(await Operations.ListSessionsAsync(new SessionFilter(Limit: 1), None));
    }

    [StoreFact]
    public async Task Queue_figures_payload_bytes_and_the_trace_context_are_kept()
    {
        var batch = await AcceptAsync(TestBatches.Create(520, 1, T0, totalBatches: 1, instances: ["meta", "tiktok"]));
        var lease = Assert.Single(await ClaimAsync(T0, "tiktok"));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(T0.AddSeconds(5)), None));

        var queues = await Operations.ReadQueuesAsync(T0.AddMinutes(1), T0, None);
        var meta = queues.Single(q => q.Instance == "meta");
        Assert.Equal(1, meta.ByState["pending"]);
        Assert.Equal(T0, meta.OldestDueAt);
        var tiktok = queues.Single(q => q.Instance == "tiktok");
        Assert.Equal((1L, 0L, (DateTimeOffset?)null), (tiktok.SucceededRecently, tiktok.FailedRecently, tiktok.OldestDueAt));
        // By state is the queue: open states only, zero when nothing is open; the ended delivery is the recent count.
        Assert.Equal([("leased", 0L), ("pending", 0L)], tiktok.ByState.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(0, meta.ByState["leased"]);
        Assert.Equal((await ReadRawPayloadAsync(batch.BatchId))!.Length, await Operations.PayloadBytesWaitingAsync(None));

        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await Operations.SaveTraceParentAsync(batch.BatchId, parent, None);
        await Operations.SaveTraceParentAsync(batch.BatchId, "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01", None);
        Assert.Equal(parent, await Operations.ReadTraceParentAsync(batch.BatchId, None));
    }
}

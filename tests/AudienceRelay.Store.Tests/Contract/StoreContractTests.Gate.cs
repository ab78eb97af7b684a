using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>
/// The one-per-session gate, one rule for both engines: at an instance that needs order, a session's deliveries go
/// one at a time in sequence order, and one in a backoff holds its successors; elsewhere nothing is gated.
/// </summary>
public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task An_ordered_instance_takes_a_sessions_deliveries_one_at_a_time_in_sequence_order()
    {
        // Batches arrive out of order: 2, 0, 1.
        foreach (var sequence in new[] { 2, 0, 1 })
        {
            await AcceptAsync(TestBatches.Create(90, sequence, T0));
        }

        var order = new List<long>();
        for (var step = 0; step < 3; step++)
        {
            var lease = Assert.Single(await ClaimAsync(T0, onePerSession: true));
            Assert.Empty(await ClaimAsync(T0, onePerSession: true, owner: "node-b"));
            order.Add(lease.Batch.Sequence);
            Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(T0), None));
        }

        Assert.Equal([0L, 1L, 2L], order);
    }

    [StoreFact]
    public async Task A_delivery_in_backoff_holds_its_successors_where_order_is_required()
    {
        await AcceptAsync(TestBatches.Create(91, 0, T0));
        await AcceptAsync(TestBatches.Create(91, 1, T0));
        var first = Assert.Single(await ClaimAsync(T0, onePerSession: true));
        Assert.Equal(0, first.Batch.Sequence);
        Assert.True(await Store.CompleteAsync(first.DeliveryId, first.LeaseToken, RetryAt(T0.AddHours(1), T0), None));

        // Sequence 1 is due, but sequence 0 is still open (in its backoff): nothing is taken until 0 is due again.
        Assert.Empty(await ClaimAsync(T0.AddMinutes(5), onePerSession: true));
        var again = Assert.Single(await ClaimAsync(T0.AddHours(1), onePerSession: true));
        Assert.Equal(0, again.Batch.Sequence);
        Assert.True(await Store.CompleteAsync(again.DeliveryId, again.LeaseToken, Succeeded(T0.AddHours(1)), None));
        Assert.Equal(1, Assert.Single(await ClaimAsync(T0.AddHours(1), onePerSession: true)).Batch.Sequence);
    }

    [StoreFact]
    public async Task An_instance_that_needs_no_order_is_not_gated_by_backoffs_or_leases()
    {
        await AcceptAsync(TestBatches.Create(92, 0, T0, instances: ["hook"]));
        await AcceptAsync(TestBatches.Create(92, 1, T0, instances: ["hook"]));
        await AcceptAsync(TestBatches.Create(92, 2, T0, instances: ["hook"]));
        var first = Assert.Single(await ClaimAsync(T0, instance: "hook", limit: 1));
        Assert.True(await Store.CompleteAsync(first.DeliveryId, first.LeaseToken, RetryAt(T0.AddHours(1), T0), None));

        var held = Assert.Single(await ClaimAsync(T0, instance: "hook", limit: 1));
        var others = await ClaimAsync(T0, instance: "hook", owner: "node-b");

        Assert.Equal([1L, 2L], new[] { held.Batch.Sequence }.Concat(others.Select(l => l.Batch.Sequence)).Order());
    }

    [StoreFact]
    public async Task The_gate_is_per_session_and_per_instance()
    {
        await AcceptAsync(TestBatches.Create(93, 0, T0, instances: ["meta", "tiktok"]));
        await AcceptAsync(TestBatches.Create(93, 1, T0, instances: ["meta", "tiktok"]));
        await AcceptAsync(TestBatches.Create(94, 0, T0));
        var meta = Assert.Single(await ClaimAsync(T0, onePerSession: true, limit: 1));
        Assert.True(await Store.CompleteAsync(meta.DeliveryId, meta.LeaseToken, RetryAt(T0.AddHours(1), T0), None));

        // Session 93 at meta is held by its backoff; session 94 at meta and session 93 at tiktok are not.
        var next = await ClaimAsync(T0, onePerSession: true);
        Assert.Equal([(94L, 0L)], next.Select(l => (l.Batch.SessionId, l.Batch.Sequence)));
        var tiktok = Assert.Single(await ClaimAsync(T0, instance: "tiktok", onePerSession: true));
        Assert.Equal((93L, 0L), (tiktok.Batch.SessionId, tiktok.Batch.Sequence));
    }

    [StoreFact]
    public async Task A_lower_sequence_arriving_while_a_higher_one_is_in_flight_waits_for_it()
    {
        await AcceptAsync(TestBatches.Create(95, 1, T0));
        var inFlight = Assert.Single(await ClaimAsync(T0, onePerSession: true));
        await AcceptAsync(TestBatches.Create(95, 0, T0));

        Assert.Empty(await ClaimAsync(T0, onePerSession: true, owner: "node-b"));
        Assert.True(await Store.CompleteAsync(inFlight.DeliveryId, inFlight.LeaseToken, Succeeded(T0), None));
        Assert.Equal(0, Assert.Single(await ClaimAsync(T0, onePerSession: true)).Batch.Sequence);
    }
}

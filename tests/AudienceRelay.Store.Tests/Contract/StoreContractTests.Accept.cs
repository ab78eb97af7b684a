using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task Accept_stores_one_pending_delivery_per_instance()
    {
        var stored = await AcceptAsync(TestBatches.Create(10, 0, T0, instances: ["tiktok", "meta", "klaviyo"]));

        Assert.Equal(["tiktok", "meta", "klaviyo"], stored.Instances);
        Assert.Equal((10L, 0L, 2, 1), (stored.SessionId, stored.Sequence, stored.UserCount, stored.SkippedCount));
        var deliveries = await Store.GetBatchDeliveriesAsync(stored.BatchId, None);
        Assert.Equal(["klaviyo", "meta", "tiktok"], deliveries.Select(d => d.Instance));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryState.Pending, d.State);
            Assert.Equal(0, d.Attempts);
            Assert.Equal(T0, d.NextAttemptAt);
            Assert.Equal(T0, d.UpdatedAt);
            Assert.Equal(stored.BatchId, d.BatchId);
        });
        Assert.Equal(3, deliveries.Select(d => d.DeliveryId).Distinct().Count());
    }

    [StoreFact]
    public async Task Accepting_the_same_batch_again_is_a_duplicate_that_creates_nothing()
    {
        var first = await AcceptAsync(TestBatches.Create(11, 0, T0, instances: ["meta", "tiktok"]));

        var again = await Store.AcceptBatchAsync(TestBatches.Create(11, 0, T0.AddMinutes(1), instances: ["meta", "tiktok"]), None);

        var duplicate = Assert.IsType<AcceptOutcome.Duplicate>(again).Batch;
        Assert.Equal(first.BatchId, duplicate.BatchId);
        Assert.Equal(first.Instances, duplicate.Instances);
        Assert.Equal(first.SkippedReasons, duplicate.SkippedReasons);
        Assert.Equal((first.UserCount, first.SkippedCount), (duplicate.UserCount, duplicate.SkippedCount));
        Assert.Equal(2, (await Store.CountByStateAsync(None)).Sum(c => c.Count));
        Assert.Equal(1, (await Store.GetSessionAsync(11, None))!.BatchesReceived);
    }

    [StoreFact]
    public async Task The_same_key_with_other_content_is_a_conflict()
    {
        await AcceptAsync(TestBatches.Create(12, 0, T0));

        var outcome = await Store.AcceptBatchAsync(TestBatches.Create(12, 0, T0, hash: "other content"), None);

        Assert.Equal("batch.sequence", Assert.IsType<AcceptOutcome.Conflict>(outcome).Field);
        Assert.Single(await Store.CountByStateAsync(None));
    }

    [StoreFact]
    public async Task A_session_keeps_the_fixed_fields_of_its_first_batch()
    {
        await AcceptAsync(TestBatches.Create(13, 0, T0, totalBatches: 5));

        var cases = new (string Field, NewBatch Batch)[]
        {
            ("name", TestBatches.Create(13, 1, T0, totalBatches: 5, name: "other")),
            ("type", TestBatches.Create(13, 1, T0, totalBatches: 5, type: AudienceType.Primary)),
            ("batch.totalBatches", TestBatches.Create(13, 1, T0, totalBatches: 6)),
            ("disablePrefix", TestBatches.Create(13, 1, T0, totalBatches: 5, disablePrefix: true)),
        };
        foreach (var (field, batch) in cases)
        {
            var outcome = await Store.AcceptBatchAsync(batch, None);
            Assert.Equal(field, Assert.IsType<AcceptOutcome.Conflict>(outcome).Field);
        }

        Assert.Equal(1, (await Store.GetSessionAsync(13, None))!.BatchesReceived);
    }

    [StoreFact]
    public async Task Sequence_zero_makes_a_session_zero_based()
    {
        await AcceptAsync(TestBatches.Create(14, 0, T0, totalBatches: 3));

        Assert.IsType<AcceptOutcome.OutOfRange>(await Store.AcceptBatchAsync(TestBatches.Create(14, 3, T0, totalBatches: 3), None));
        await AcceptAsync(TestBatches.Create(14, 2, T0, totalBatches: 3));
        Assert.Equal(0, (await Store.GetSessionAsync(14, None))!.SequenceBase);
    }

    [StoreFact]
    public async Task Sequence_equal_to_total_makes_a_session_one_based()
    {
        await AcceptAsync(TestBatches.Create(15, 3, T0, totalBatches: 3));

        Assert.IsType<AcceptOutcome.OutOfRange>(await Store.AcceptBatchAsync(TestBatches.Create(15, 0, T0, totalBatches: 3), None));
        await AcceptAsync(TestBatches.Create(15, 1, T0, totalBatches: 3));
        Assert.Equal(1, (await Store.GetSessionAsync(15, None))!.SequenceBase);
    }

    [StoreFact]
    public async Task An_unsettled_base_allows_zero_to_total_and_nothing_beyond()
    {
        await AcceptAsync(TestBatches.Create(16, 1, T0, totalBatches: 3));

        Assert.Null((await Store.GetSessionAsync(16, None))!.SequenceBase);
        Assert.IsType<AcceptOutcome.OutOfRange>(await Store.AcceptBatchAsync(TestBatches.Create(16, 4, T0, totalBatches: 3), None));
        Assert.IsType<AcceptOutcome.OutOfRange>(await Store.AcceptBatchAsync(TestBatches.Create(17, -1, T0, totalBatches: 3), None));
        Assert.Null(await Store.GetSessionAsync(17, None));
    }

    [StoreFact]
    public async Task A_complete_session_takes_no_new_batch()
    {
        await AcceptAsync(TestBatches.Create(18, 0, T0, totalBatches: 2));
        await AcceptAsync(TestBatches.Create(18, 1, T0, totalBatches: 2));

        Assert.IsType<AcceptOutcome.OutOfRange>(await Store.AcceptBatchAsync(TestBatches.Create(18, 2, T0, totalBatches: 2), None));
        var session = await Store.GetSessionAsync(18, None);
        Assert.True(session!.Complete);
        Assert.Equal(2, session.BatchesReceived);
    }

    [StoreFact]
    public async Task A_new_batch_wakes_deliveries_waiting_for_their_session_only()
    {
        var first = await AcceptAsync(TestBatches.Create(19, 0, T0, instances: ["meta", "tiktok"]));
        var leases = await ClaimAsync(T0, instance: "meta");
        var tiktok = await ClaimAsync(T0, instance: "tiktok");
        Assert.True(await Store.CompleteAsync(leases[0].DeliveryId, leases[0].LeaseToken, RetryAt(T0.AddHours(1), T0, waiting: true), None));
        Assert.True(await Store.CompleteAsync(tiktok[0].DeliveryId, tiktok[0].LeaseToken, RetryAt(T0.AddHours(1), T0), None));

        await AcceptAsync(TestBatches.Create(19, 1, T0.AddMinutes(1), instances: ["meta", "tiktok"]));

        var deliveries = await Store.GetBatchDeliveriesAsync(first.BatchId, None);
        Assert.Equal(T0.AddMinutes(1), deliveries.Single(d => d.Instance == "meta").NextAttemptAt);
        Assert.Equal(T0.AddHours(1), deliveries.Single(d => d.Instance == "tiktok").NextAttemptAt);
    }
}

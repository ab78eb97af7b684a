using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task Concurrent_identical_accepts_store_one_batch_with_one_delivery_per_instance()
    {
        // Several stores (nodes, or pooled connections of one node) accept the same (session, sequence) at once.
        var stores = new List<IAudienceStore> { Store };
        for (var i = 0; i < 3; i++)
        {
            stores.Add(await OpenStoreAsync());
        }

        using var start = new SemaphoreSlim(0);
        var accepts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await stores[i % stores.Count].AcceptBatchAsync(TestBatches.Create(96, 0, T0, instances: ["meta", "tiktok", "hook"]), None);
        })).ToList();
        start.Release(accepts.Count);
        var outcomes = await Task.WhenAll(accepts);

        var stored = Assert.Single(outcomes.OfType<AcceptOutcome.Stored>());
        Assert.Equal(outcomes.Length - 1, outcomes.OfType<AcceptOutcome.Duplicate>().Count());
        Assert.All(outcomes.OfType<AcceptOutcome.Duplicate>(), d => Assert.Equal(stored.Batch.BatchId, d.Batch.BatchId));
        var session = await Store.GetSessionAsync(96, None);
        Assert.Equal(1, session!.BatchesReceived);
        var batch = Assert.Single(session.Batches);
        Assert.Equal(["hook", "meta", "tiktok"], batch.Deliveries.Select(d => d.Instance).Order());
    }
}

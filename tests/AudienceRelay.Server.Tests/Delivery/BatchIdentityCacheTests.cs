using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Server.Delivery;
using AudienceRelay.Server.Memory;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>The identity cache shares a batch between deliveries that hold it at once, and keeps nothing for long once they let go.</summary>
public sealed class BatchIdentityCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Deliveries_holding_a_batch_at_once_share_one_copy_and_it_is_dropped_after_the_idle_time()
    {
        var (cache, store) = await NewAsync();
        var batchId = await AcceptAsync(store, 1, users: 3);

        var meta = await cache.HoldAsync(batchId, CancellationToken.None);
        var tikTok = await cache.HoldAsync(batchId, CancellationToken.None);
        Assert.Same(meta!.Identities, tikTok!.Identities);
        Assert.Equal(3, meta.Identities.Keys.Count);

        meta.Dispose();
        tikTok.Dispose();
        Assert.Equal(1, cache.Count);
        _time.Advance(BatchIdentityCache.IdleTime);
        _time.Advance(BatchIdentityCache.IdleTime);
        Assert.Equal(0, cache.Count);

        // Needed again later: rebuilt from the store.
        using var again = await cache.HoldAsync(batchId, CancellationToken.None);
        Assert.Equal(3, again!.Identities.Users.Count);
    }

    [Fact]
    public async Task Idle_batches_are_bounded_by_size_and_one_larger_than_the_budget_is_dropped_when_released()
    {
        var (cache, store) = await NewAsync();

        // About 12.5 MB of JSON: estimated beyond the whole idle budget on its own.
        var large = await AcceptAsync(store, 2, users: 100_000);
        (await cache.HoldAsync(large, CancellationToken.None))!.Dispose();
        Assert.Equal(0, cache.Count);

        // Three batches of about 4 MB each (about 24 MB estimated in memory): the oldest idle one goes when the third is released.
        var ids = new List<long>();
        for (var session = 3; session <= 5; session++)
        {
            ids.Add(await AcceptAsync(store, session, users: 32_000));
        }

        var holds = new List<BatchIdentityCache.BatchHold>();
        foreach (var id in ids)
        {
            holds.Add((await cache.HoldAsync(id, CancellationToken.None))!);
        }

        Assert.Equal(3, cache.Count);
        holds.ForEach(h => h.Dispose());
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task A_purged_batch_is_null_and_not_kept()
    {
        var (cache, _) = await NewAsync();
        Assert.Null(await cache.HoldAsync(12345, CancellationToken.None));
        Assert.Equal(0, cache.Count);
    }

    private async Task<(BatchIdentityCache Cache, SqliteAudienceStore Store)> NewAsync()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-identities-").FullName;
        var store = new SqliteAudienceStore($"Data Source={Path.Combine(folder, "a.db")}", new PayloadProtector(RandomNumberGenerator.GetBytes(32)));
        await store.MigrateAsync(CancellationToken.None);
        return (new BatchIdentityCache(store, _time, new MemoryReturn(_time, NullLogger<MemoryReturn>.Instance)), store);
    }

    private async Task<long> AcceptAsync(SqliteAudienceStore store, long session, int users)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < users; i++)
        {
            json.Append(i == 0 ? string.Empty : ",")
                .Append("{\"email\":\"someone.").Append(i).Append("@example.com\",\"phone\":\"+16505550").Append(i % 1000).Append("\",\"firstName\":\"Test\",\"lastName\":\"User\",\"country\":\"US\",\"postalCode\":\"10001\"}");
        }

        var outcome = await store.AcceptBatchAsync(new NewBatch
        {
            Name = "n",
            AudienceName = "blotout_n",
            Type = AudienceType.Custom,
            DisablePrefix = false,
            Batch = new BatchInfo(session, 1, 1, users, null),
            ContentHash = $"h{session}",
            UserCount = users,
            SkippedCount = 0,
            SkippedReasons = new Dictionary<string, int>(),
            Payload = Encoding.UTF8.GetBytes(json.Append(']').ToString()),
            Instances = ["hook"],
            Now = _time.GetUtcNow(),
        }, CancellationToken.None);
        return ((AcceptOutcome.Stored)outcome).Batch.BatchId;
    }
}

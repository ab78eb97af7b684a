using System.Security.Cryptography;
using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Server.Delivery;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>Leases expire and are taken over with fencing; concurrent batches of a new audience create it once.</summary>
public sealed class LeaseAndAudienceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_holder_cannot_write_back()
    {
        var store = await NewStoreAsync();
        await store.AcceptBatchAsync(Batch(1, 1), CancellationToken.None);

        var first = Assert.Single(await store.ClaimAsync(new ClaimRequest("hook", 5, "node-a", TimeSpan.FromMinutes(1), false, _time.GetUtcNow()), CancellationToken.None));
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("hook", 5, "node-b", TimeSpan.FromMinutes(1), false, _time.GetUtcNow() + TimeSpan.FromSeconds(59)), CancellationToken.None));

        var later = _time.GetUtcNow() + TimeSpan.FromMinutes(2);
        var second = Assert.Single(await store.ClaimAsync(new ClaimRequest("hook", 5, "node-b", TimeSpan.FromMinutes(1), false, later), CancellationToken.None));
        Assert.Equal(first.DeliveryId, second.DeliveryId);
        Assert.NotEqual(first.LeaseToken, second.LeaseToken);

        var result = new DeliveryResult { State = DeliveryState.Succeeded, Attempts = 1, Now = later };
        Assert.False(await store.CompleteAsync(first.DeliveryId, first.LeaseToken, result, CancellationToken.None));
        Assert.False(await store.RenewLeaseAsync(first.DeliveryId, first.LeaseToken, later.AddMinutes(5), CancellationToken.None));
        Assert.True(await store.CompleteAsync(second.DeliveryId, second.LeaseToken, result, CancellationToken.None));
    }

    [Fact]
    public async Task A_restarted_single_node_releases_the_leases_of_its_crashed_run()
    {
        var store = await NewStoreAsync();
        await store.AcceptBatchAsync(Batch(2, 1), CancellationToken.None);
        Assert.Single(await store.ClaimAsync(new ClaimRequest("hook", 5, "crashed", TimeSpan.FromHours(1), false, _time.GetUtcNow()), CancellationToken.None));

        Assert.Equal(1, await store.ReleaseAllLeasesAsync(_time.GetUtcNow(), CancellationToken.None));
        Assert.Single(await store.ClaimAsync(new ClaimRequest("hook", 5, "restarted", TimeSpan.FromMinutes(1), false, _time.GetUtcNow()), CancellationToken.None));
    }

    [Fact]
    public async Task Twenty_concurrent_batches_of_a_new_audience_create_it_once()
    {
        var store = await NewStoreAsync();
        var resolver = new AudienceResolver(store, _time);
        var provider = new CountingProvider();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            resolver.ResolveAsync(provider, new AudienceRequest("blotout_new", AudienceType.Custom), CancellationToken.None))));

        Assert.Equal(1, provider.Creations);
        Assert.Single(results.Select(r => r.AudienceId).Distinct());
        Assert.Equal("aud-1", await store.FindAudienceAsync("fake", "blotout_new", CancellationToken.None));
    }

    private async Task<SqliteAudienceStore> NewStoreAsync()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-lease-").FullName;
        var store = new SqliteAudienceStore($"Data Source={Path.Combine(folder, "a.db")}", new PayloadProtector(RandomNumberGenerator.GetBytes(32)));
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    private NewBatch Batch(long session, long sequence) => new()
    {
        Name = "n",
        AudienceName = "blotout_n",
        Type = AudienceType.Custom,
        DisablePrefix = false,
        Batch = new BatchInfo(session, sequence, 1, 1, null),
        ContentHash = $"{session}-{sequence}",
        UserCount = 1,
        SkippedCount = 0,
        SkippedReasons = new Dictionary<string, int>(),
        Payload = "[]"u8.ToArray(),
        Instances = ["hook"],
        Now = _time.GetUtcNow(),
    };

    private sealed class CountingProvider : IAudienceProvider
    {
        private int _creations;

        public int Creations => _creations;

        public string Instance => "fake";

        public string Type => "fake";

        public ProviderLimits Limits { get; } = new() { MaxUsersPerRequest = 10, RequestsPerSecond = 10, Concurrency = 1 };

        public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
        {
            // Yield so that concurrent callers really overlap here if the lock did not hold them back.
            await Task.Yield();
            var n = Interlocked.Increment(ref _creations);
            return AudienceResolution.NewlyCreated($"aud-{n}");
        }

        public Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken) =>
            Task.FromResult<DeliveryOutcome>(new DeliveryOutcome.Succeeded(DeliveryCounts.Of(0)));
    }
}

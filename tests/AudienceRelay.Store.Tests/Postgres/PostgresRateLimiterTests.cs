using System.Diagnostics;
using System.Threading.RateLimiting;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Postgres;

/// <summary>
/// The shared token bucket. Rates are chosen so that refills during a test are negligible (one token per
/// 1000 s) or large enough to measure, so no test depends on how fast the machine is.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRateLimiterTests(PostgresServer server) : PostgresTestBase(server)
{
    private const double Slow = 0.001;

    [PostgresFact]
    public async Task A_full_bucket_gives_its_burst_then_says_how_long_to_wait()
    {
        var node = await NodeAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await node.TryTakeTokensAsync("meta", Slow, 3, 1, None));
        }

        var wait = await node.TryTakeTokensAsync("meta", Slow, 3, 1, None);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(990), TimeSpan.FromSeconds(1000));
        Assert.Null(await node.TryTakeTokensAsync("tiktok", Slow, 3, 3, None));
    }

    [PostgresFact]
    public async Task Nodes_share_one_bucket_per_instance()
    {
        var a = await NodeAsync();
        var b = await NodeAsync();

        var takes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).TryTakeTokensAsync("meta", Slow, 5, 1, None))));

        Assert.Equal(5, takes.Count(t => t is null));
        Assert.NotNull(await a.TryTakeTokensAsync("meta", Slow, 5, 1, None));
        Assert.NotNull(await b.TryTakeTokensAsync("meta", Slow, 5, 1, None));
    }

    [PostgresFact]
    public async Task Asking_for_zero_tokens_takes_none()
    {
        var node = await NodeAsync();

        Assert.Null(await node.TryTakeTokensAsync("meta", Slow, 1, 0, None));
        Assert.Null(await node.TryTakeTokensAsync("meta", Slow, 1, 1, None));
        Assert.NotNull(await node.TryTakeTokensAsync("meta", Slow, 1, 0, None));
        Assert.Throws<ArgumentOutOfRangeException>(() => node.TryTakeTokens("meta", Slow, 1, 2));
    }

    [PostgresFact]
    public async Task The_rate_limiter_grants_the_burst_then_fails_attempts_with_a_retry_after()
    {
        var node = await NodeAsync();
        using var limiter = new PostgresRateLimiter(node, "meta", Slow, 2, TimeProvider.System);

        using var first = limiter.AttemptAcquire();
        using var second = await limiter.AcquireAsync();
        using var third = limiter.AttemptAcquire();

        Assert.True(first.IsAcquired);
        Assert.True(second.IsAcquired);
        Assert.False(third.IsAcquired);
        Assert.True(third.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.FromSeconds(900));
        Assert.Equal((2L, 1L), (limiter.GetStatistics()!.TotalSuccessfulLeases, limiter.GetStatistics()!.TotalFailedLeases));
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(3));
    }

    [PostgresFact]
    public async Task Waiting_acquisitions_are_paced_by_the_shared_rate()
    {
        var a = await NodeAsync();
        var b = await NodeAsync();
        using var onA = new PostgresRateLimiter(a, "meta", 50, 1, TimeProvider.System);
        using var onB = new PostgresRateLimiter(b, "meta", 50, 1, TimeProvider.System);
        var clock = Stopwatch.StartNew();

        var leases = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? onA : onB).AcquireAsync().AsTask()));

        // One token at once, then one per 20 ms of the database's clock: five more take 100 ms at least
        // (a little is allowed for the two clocks not ticking exactly alike).
        Assert.All(leases, l => Assert.True(l.IsAcquired));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(90), $"6 permits at 50/s came in {clock.Elapsed}.");
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [PostgresFact]
    public async Task Cancelling_a_waiting_acquisition_ends_it()
    {
        var node = await NodeAsync();
        using var limiter = new PostgresRateLimiter(node, "meta", Slow, 1, TimeProvider.System);
        using var first = await limiter.AcquireAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Pinterest;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Pinterest;

public sealed class PinterestDeliveryTests
{
    [Fact]
    public async Task Records_are_lower_case_sha256_of_canonical_emails_and_users_without_email_are_skipped()
    {
        await using var env = await PinterestFixture.StartAsync();
        var provider = env.Provider();
        var list = await PinterestFixture.ListAsync(provider);
        AudienceUser[] users =
        [
            new() { Email = "  Ann@Example.COM " },
            new() { Email = "ann@example.com" },
            new() { Email = PinterestFixture.Sha256("bob@example.com").ToUpperInvariant() },
            new() { Phone = "+1 650 555 1212" },
        ];

        var outcome = await provider.DeliverAsync(PinterestFixture.Work(list, users), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal((3, 1), (counts.UsersSent, counts.UsersSkipped));
        Assert.Equal(1, counts.SkippedReasons["no_email"]);
        Assert.Equal(1, counts.PlatformCounts["requests"]);
        Assert.Equal(PinterestFixture.Hashes("ann", "bob"), env.Emulator.Members(PinterestFixture.Account, list));
    }

    [Fact]
    public async Task A_list_below_the_minimum_is_reported_in_the_platform_counts_and_not_once_it_is_reached()
    {
        await using var env = await PinterestFixture.StartAsync(new PinterestEmulatorOptions { MinimumListSize = 3 });
        var provider = env.Provider();
        var list = await PinterestFixture.ListAsync(provider);

        var small = await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("a", "b")), CancellationToken.None);
        var enough = await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("c")), CancellationToken.None);

        var smallCounts = Assert.IsType<DeliveryOutcome.Succeeded>(small).Counts.PlatformCounts;
        Assert.Equal(1, smallCounts["list_too_small"]);
        Assert.Equal(100, smallCounts["list_minimum_accounts"]);
        Assert.False(Assert.IsType<DeliveryOutcome.Succeeded>(enough).Counts.PlatformCounts.ContainsKey("list_too_small"));
    }

    [Fact]
    public async Task Records_are_chunked_to_the_limit_per_call()
    {
        await using var env = await PinterestFixture.StartAsync(new PinterestEmulatorOptions { MaxRecordsPerCall = 2 });
        var provider = env.Provider(maxUsersPerRequest: 2);
        var list = await PinterestFixture.ListAsync(provider);

        var outcome = await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("a", "b", "c", "d", "e")), CancellationToken.None);

        Assert.Equal(3, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["requests"]);
        Assert.Equal(PinterestFixture.Hashes("a", "b", "c", "d", "e"), env.Emulator.Members(PinterestFixture.Account, list));
    }

    [Fact]
    public async Task With_the_refresh_trio_a_token_is_fetched_once_and_refreshed_once_when_refused()
    {
        await using var env = await PinterestFixture.StartAsync();
        var provider = env.Provider(refreshing: true);
        var list = await PinterestFixture.ListAsync(provider);
        await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("a")), CancellationToken.None);
        Assert.Equal(1, env.Emulator.TokensIssued);

        env.Emulator.ExpireAccessTokens();
        var outcome = await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("b")), CancellationToken.None);

        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["token_refreshes"]);
        Assert.Equal(PinterestFixture.Hashes("a", "b"), env.Emulator.Members(PinterestFixture.Account, list));
    }

    [Fact]
    public async Task A_throttle_is_a_throttled_retry_with_the_wait_a_5xx_a_retry_and_a_400_a_failure()
    {
        await using var env = await PinterestFixture.StartAsync();
        var provider = env.Provider();
        var list = await PinterestFixture.ListAsync(provider);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 12, PathContains = "/customer_lists/" });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 503, PathContains = "/customer_lists/" });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 400, Code = 2648, Message = "Customer list is archived.", PathContains = "/customer_lists/" });

        var throttled = Assert.IsType<DeliveryOutcome.Retry>(await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("a")), CancellationToken.None));
        var unavailable = Assert.IsType<DeliveryOutcome.Retry>(await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("a")), CancellationToken.None));
        var refused = Assert.IsType<DeliveryOutcome.Failed>(await provider.DeliverAsync(PinterestFixture.Work(list, PinterestFixture.Emails("a")), CancellationToken.None));

        Assert.True(throttled.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(12), throttled.After);
        Assert.False(unavailable.Throttled);
        Assert.Contains("archived", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("2648", refused.Reason, StringComparison.Ordinal);
    }
}

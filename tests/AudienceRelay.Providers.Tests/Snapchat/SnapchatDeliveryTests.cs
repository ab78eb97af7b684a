using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Snapchat;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Providers.Tests.Snapchat;

public sealed class SnapchatDeliveryTests
{
    // printf '%s' ann@example.com | sha256sum ; printf '%s' 442071838750 | sha256sum
    private const string Ann = "71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476";
    private const string London = "8d5f937f3a5590634cbe975951a6aa1543170671ce6e73cce4062f4e8c288417";

    [Fact]
    public async Task Emails_and_phones_go_in_separate_requests_one_schema_each_with_exact_members()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();
        var segment = await SnapchatFixture.AudienceAsync(provider);
        AudienceUser[] users =
        [
            new() { Email = "  Ann@Example.COM ", Phone = "+44 (0) 20 7183 8750" },
            new() { Phone = "0044 20 7183 8750" },
            new() { Phone = "+0044 20 7183 8750" },
            new() { Email = SnapchatFixture.Sha256("bob@example.com").ToUpperInvariant() },
            new() { FirstName = "Nobody" },
        ];

        var outcome = await provider.DeliverAsync(SnapchatFixture.Work(segment, users), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal((4, 1), (counts.UsersSent, counts.UsersSkipped));
        Assert.Equal(2, counts.PlatformCounts["requests"]);
        Assert.Equal(new HashSet<string> { Ann, SnapchatFixture.Sha256("bob@example.com") }, env.Emulator.Members(segment, "EMAIL_SHA256"));
        Assert.Equal([London], env.Emulator.Members(segment, "PHONE_SHA256"));
        Assert.Equal(
            [("POST", "EMAIL_SHA256", 2), ("POST", "PHONE_SHA256", 1)],
            env.Emulator.UsersCalls.Select(c => (c.Method, c.Schema, c.Count)));
    }

    [Fact]
    public async Task Identifiers_are_chunked_to_the_limit_per_request()
    {
        await using var env = await SnapchatFixture.StartAsync(new SnapchatEmulatorOptions { MaxIdentifiersPerRequest = 2 });
        var provider = env.Provider(maxUsersPerRequest: 2);
        var segment = await SnapchatFixture.AudienceAsync(provider);

        var outcome = await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("a", "b", "c", "d", "e")), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        Assert.Equal([2, 2, 1], env.Emulator.UsersCalls.Select(c => c.Count));
        Assert.Equal(SnapchatFixture.EmailHashes("a", "b", "c", "d", "e"), env.Emulator.Members(segment, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task A_retry_resumes_after_the_requests_already_saved_as_done()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider(maxUsersPerRequest: 1);
        var segment = await SnapchatFixture.AudienceAsync(provider);

        await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("a", "b", "c"), new FakeSession(savedState: "2")), CancellationToken.None);

        Assert.Equal(SnapchatFixture.EmailHashes("c"), env.Emulator.Members(segment, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task The_token_is_reused_and_refreshed_once_when_snap_refuses_it()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();
        var segment = await SnapchatFixture.AudienceAsync(provider);
        await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("a")), CancellationToken.None);
        Assert.Equal(1, env.Emulator.TokensIssued);

        env.Emulator.ExpireAccessTokens();
        var outcome = await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("b")), CancellationToken.None);

        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["token_refreshes"]);
        Assert.Equal(2, env.Emulator.TokensIssued);
        Assert.Equal(SnapchatFixture.EmailHashes("a", "b"), env.Emulator.Members(segment, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task The_token_is_refreshed_shortly_before_it_expires()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var provider = env.Provider(time: time);
        var segment = await SnapchatFixture.AudienceAsync(provider);

        time.Advance(TimeSpan.FromMinutes(20));
        await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("a")), CancellationToken.None);
        Assert.Equal(1, env.Emulator.TokensIssued);

        time.Advance(TimeSpan.FromMinutes(9));
        await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("b")), CancellationToken.None);
        Assert.Equal(2, env.Emulator.TokensIssued);
    }

    [Fact]
    public async Task A_throttle_is_a_throttled_retry_with_snaps_wait_and_a_5xx_a_plain_retry()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();
        var segment = await SnapchatFixture.AudienceAsync(provider);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 7, PathContains = "/users" });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 503, PathContains = "/users" });

        var throttled = await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("a")), CancellationToken.None);
        var failing = await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("a")), CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(throttled);
        Assert.True(retry.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(7), retry.After);
        Assert.False(Assert.IsType<DeliveryOutcome.Retry>(failing).Throttled);
    }

    [Fact]
    public async Task A_permission_error_fails_with_snaps_code_and_message()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();
        var segment = await SnapchatFixture.AudienceAsync(provider);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 403, Code = 3002, Message = "No permission on this segment", PathContains = "/users" });

        var outcome = await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("a")), CancellationToken.None);

        var failed = Assert.IsType<DeliveryOutcome.Failed>(outcome);
        Assert.Contains("E3002", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("No permission", failed.Reason, StringComparison.Ordinal);
    }
}

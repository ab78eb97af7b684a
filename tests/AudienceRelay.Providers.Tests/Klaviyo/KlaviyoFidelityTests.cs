using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Klaviyo;

namespace AudienceRelay.Providers.Tests.Klaviyo;

public sealed class KlaviyoFidelityTests
{
    private static readonly AudienceUser[] Mixed =
    [
        new() { Email = "a@example.com", Phone = "+16505551212" },
        new() { Phone = "+16505551213" },
        new() { EdgeTagId = "edge-1", Phone = "+16505551214" },
    ];

    [Fact]
    public async Task A_hostile_links_next_is_never_followed_with_the_api_key()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var list = await ListAsync(env);
        var hostile = new HostileNextLinks(env.Host.UrlFor("klaviyo"));
        using var http = new HttpClient(hostile);

        var outcome = await env.Provider(http, 10_000).DeliverAsync(KlaviyoFixture.Work(list, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.Empty(hostile.ForeignRequests);
        Assert.Contains("another host than BaseUrl", Assert.IsType<DeliveryOutcome.Failed>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_known_only_by_a_phone_are_skipped_on_an_account_without_SMS()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var list = await ListAsync(env);

        var outcome = await env.Provider().DeliverAsync(KlaviyoFixture.Work(list, Mixed), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(2, counts.UsersSent);
        Assert.Equal(1, counts.SkippedReasons[KlaviyoProvider.PhoneOnlySkipReason]);
        Assert.Equal(0, counts.PlatformCounts["import_errors"]);
        Assert.Equal(2, env.Emulator.ListMembers(list).Count);
    }

    [Fact]
    public async Task The_emulator_refuses_a_phone_only_profile_unless_the_account_has_SMS()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var list = await ListAsync(env);

        // The operator says SMS is set up, but the account has none: Klaviyo turns the profile into an import error.
        var outcome = await env.Provider(10_000, ("SmsEnabled", "true")).DeliverAsync(KlaviyoFixture.Work(list, Mixed), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(3, counts.UsersSent);
        Assert.Equal(1, counts.PlatformCounts["import_errors"]);
        Assert.Equal(2, env.Emulator.ListMembers(list).Count);
    }

    [Fact]
    public async Task Phone_only_users_are_imported_when_the_account_has_SMS()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { SmsEnabled = true });
        var list = await ListAsync(env);

        var outcome = await env.Provider(10_000, ("SmsEnabled", "true")).DeliverAsync(KlaviyoFixture.Work(list, Mixed), CancellationToken.None);

        Assert.Equal(3, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.UsersSent);
        Assert.Equal(3, env.Emulator.ListMembers(list).Count);
    }

    [Fact]
    public async Task A_queued_job_with_null_counts_is_followed_to_completion()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { PollsQueued = 1 });
        var list = await ListAsync(env);

        var outcome = await env.Provider().DeliverAsync(KlaviyoFixture.Work(list, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["imported"]);
    }

    [Fact]
    public async Task The_country_is_not_sent_as_a_code_where_Klaviyo_keeps_a_country_name()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var list = await ListAsync(env);

        await env.Provider().DeliverAsync(KlaviyoFixture.Work(list, [new AudienceUser { Email = "a@example.com", Country = "US", PostalCode = "10017" }]), CancellationToken.None);

        var member = Assert.Single(env.Emulator.ListMembers(list));
        Assert.False(member.Location.ContainsKey("country"));
        Assert.Equal("10017", member.Location["zip"].GetString());
    }

    [Fact]
    public async Task A_retry_with_another_request_size_resumes_at_the_next_profile_and_skips_no_one()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var list = await ListAsync(env);
        var users = Enumerable.Range(1, 5).Select(i => new AudienceUser { Email = $"user{i}@example.com" }).ToList();
        var session = new FakeSession();
        using var broken = new HttpClient(new RequestBreaker(HttpMethod.Post, "profile-bulk-import-jobs", breakAt: 2));

        Assert.IsType<DeliveryOutcome.Retry>(await env.Provider(broken, 2).DeliverAsync(KlaviyoFixture.Work(list, users, session), CancellationToken.None));
        var outcome = await env.Provider(maxUsersPerRequest: 3).DeliverAsync(KlaviyoFixture.Work(list, users, session), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["import_jobs"]);
        Assert.Equal(5, env.Emulator.ListMembers(list).Count);
    }

    [Fact]
    public async Task A_list_deleted_at_Klaviyo_is_reported_gone()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var list = await ListAsync(env);
        Assert.True(env.Emulator.DeleteList(list));

        var outcome = await env.Provider().DeliverAsync(KlaviyoFixture.Work(list, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.Contains("404", Assert.IsType<DeliveryOutcome.AudienceGone>(outcome).Reason, StringComparison.Ordinal);
    }

    private static async Task<string> ListAsync(KlaviyoFixture env) =>
        (await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("vip", AudienceType.Custom), CancellationToken.None)).AudienceId!;
}

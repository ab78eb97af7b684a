using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.TikTok;

/// <summary><c>type=primary</c> on TikTok: add, then delete the ids that left since the previous complete session.</summary>
public sealed class TikTokPrimaryTests
{
    [Fact]
    public async Task A_second_complete_session_leaves_exactly_its_members()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var audience = await AudienceAsync(provider);
        var ledger = new FakeMembershipLedger();

        var first = await provider.DeliverAsync(Primary(audience, Users("ann", "bob", "cid"), ledger, 1), CancellationToken.None);
        var second = await provider.DeliverAsync(Primary(audience, Users("ann", "dee"), ledger, 2), CancellationToken.None);

        // The first session has no baseline and removes nothing; the second deletes bob and cid.
        Assert.Equal(0, Assert.IsType<DeliveryOutcome.Succeeded>(first).Counts.PlatformCounts["removed"]);
        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(second).Counts.PlatformCounts["removed"]);
        Assert.Equal(Hashes("ann", "dee"), env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Equal(2L, ledger.Baseline);
    }

    [Fact]
    public async Task Members_added_before_the_first_primary_session_are_left_alone()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var audience = await AudienceAsync(provider);
        await provider.DeliverAsync(TikTokFixture.Work(audience, Users("outsider")), CancellationToken.None);
        var ledger = new FakeMembershipLedger();

        await provider.DeliverAsync(Primary(audience, Users("ann"), ledger, 1), CancellationToken.None);
        await provider.DeliverAsync(Primary(audience, Users("bob"), ledger, 2), CancellationToken.None);

        Assert.Equal(Hashes("outsider", "bob"), env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task A_phone_that_left_is_deleted_while_the_same_users_email_stays()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var audience = await AudienceAsync(provider);
        var ledger = new FakeMembershipLedger();

        await provider.DeliverAsync(Primary(audience, [new AudienceUser { Email = "ann@example.com", Phone = "+1 650 555 1212" }], ledger, 1), CancellationToken.None);
        await provider.DeliverAsync(Primary(audience, [new AudienceUser { Email = "ann@example.com" }], ledger, 2), CancellationToken.None);

        Assert.Equal(Hashes("ann"), env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Empty(env.Emulator.Members(audience, "PHONE_SHA256"));
    }

    [Fact]
    public async Task Only_the_last_open_delivery_removes_and_commits()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var audience = await AudienceAsync(provider);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(audience, Users("ann", "bob"), ledger, 1), CancellationToken.None);

        var early = await provider.DeliverAsync(Primary(audience, Users("cid"), ledger, 2, isLast: false), CancellationToken.None);
        Assert.Equal(Hashes("ann", "bob", "cid"), env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.False(Assert.IsType<DeliveryOutcome.Succeeded>(early).Counts.PlatformCounts.ContainsKey("removed"));

        await provider.DeliverAsync(Primary(audience, Users("ann"), ledger, 2), CancellationToken.None);

        Assert.Equal(Hashes("ann", "cid"), env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task When_another_batch_of_the_session_failed_nothing_is_removed_or_committed()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var audience = await AudienceAsync(provider);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(audience, Users("ann", "bob"), ledger, 1), CancellationToken.None);
        ledger.SiblingFailed = true;

        var outcome = await provider.DeliverAsync(Primary(audience, Users("cid"), ledger, 2), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["removal_skipped"]);
        Assert.Equal(Hashes("ann", "bob", "cid"), env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Equal(1L, ledger.Baseline);
    }

    [Fact]
    public async Task A_retry_after_a_failed_delete_converges_without_adding_again()
    {
        await using var env = await TikTokFixture.StartAsync();
        using var breaker = new DeleteBreaker(breakAt: 2);
        using var http = new HttpClient(breaker);
        var provider = env.Provider(maxUsersPerRequest: 1, http: http);
        var audience = await AudienceAsync(provider);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(audience, Users("ann", "bob", "cid", "dee"), ledger, 1), CancellationToken.None);
        var session = new FakeSession(ledger: ledger, sessionId: 2);

        var failed = await provider.DeliverAsync(TikTokFixture.Work(audience, Users("ann", "eve"), session, AudienceType.Primary), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Retry>(failed);
        Assert.Equal(1L, ledger.Baseline);
        Assert.Equal(4, env.Emulator.Members(audience, "EMAIL_SHA256").Count);

        var retried = await provider.DeliverAsync(TikTokFixture.Work(audience, Users("ann", "eve"), session, AudienceType.Primary), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(retried).Counts;
        Assert.Equal(0, counts.PlatformCounts["requests"]);
        Assert.Equal(3, counts.PlatformCounts["removed"]);
        Assert.Equal(Hashes("ann", "eve"), env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Equal(2L, ledger.Baseline);
    }

    private static async Task<string> AudienceAsync(IAudienceProvider provider) =>
        (await provider.FindOrCreateAudienceAsync(new AudienceRequest("customers", AudienceType.Primary), CancellationToken.None)).AudienceId!;

    private static DeliveryWork Primary(string audience, IReadOnlyList<AudienceUser> users, FakeMembershipLedger ledger, long sessionId, bool isLast = true) =>
        TikTokFixture.Work(audience, users, new FakeSession(ledger: ledger, sessionId: sessionId) { IsLast = isLast }, AudienceType.Primary);

    private static List<AudienceUser> Users(params string[] names) => [.. names.Select(n => new AudienceUser { Email = $"{n}@example.com" })];

    private static HashSet<string> Hashes(params string[] names) => [.. names.Select(n => TikTokFixture.Sha256($"{n}@example.com"))];
}

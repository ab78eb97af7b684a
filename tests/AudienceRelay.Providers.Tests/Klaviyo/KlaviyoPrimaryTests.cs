using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Klaviyo;

/// <summary><c>type=primary</c> on Klaviyo: import, then remove from the list the profiles that left since the previous complete session.</summary>
public sealed class KlaviyoPrimaryTests
{
    [Fact]
    public async Task A_second_complete_session_leaves_exactly_its_members_in_the_list()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        var list = await ListAsync(provider);
        var ledger = new FakeMembershipLedger();

        var first = await provider.DeliverAsync(Primary(list, Users("ann", "bob", "cid"), ledger, 1), CancellationToken.None);
        var second = await provider.DeliverAsync(Primary(list, Users("ann", "dee"), ledger, 2), CancellationToken.None);

        Assert.Equal(0, Assert.IsType<DeliveryOutcome.Succeeded>(first).Counts.PlatformCounts["removed"]);
        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(second).Counts.PlatformCounts["removed"]);
        Assert.Equal(Emails("ann", "dee"), Members(env, list));
        Assert.Equal(2L, ledger.Baseline);
    }

    [Fact]
    public async Task Removal_pages_through_the_whole_list()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        var list = await ListAsync(provider);
        var ledger = new FakeMembershipLedger();
        var many = Enumerable.Range(0, 230).Select(i => $"user{i}").ToArray();

        await provider.DeliverAsync(Primary(list, Users(many), ledger, 1), CancellationToken.None);
        await provider.DeliverAsync(Primary(list, Users("user7", "user229"), ledger, 2), CancellationToken.None);

        Assert.Equal(Emails("user7", "user229"), Members(env, list));
    }

    [Fact]
    public async Task A_profile_still_on_the_list_under_another_identifier_stays()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        var list = await ListAsync(provider);
        var ledger = new FakeMembershipLedger();

        await provider.DeliverAsync(Primary(list, [new AudienceUser { Email = "ann@example.com", Phone = "+1 650 555 1212" }, .. Users("bob")], ledger, 1), CancellationToken.None);
        await provider.DeliverAsync(Primary(list, [new AudienceUser { Email = "Ann@Example.com" }], ledger, 2), CancellationToken.None);

        Assert.Equal(Emails("ann"), Members(env, list));
    }

    [Fact]
    public async Task Profiles_added_before_the_first_primary_session_are_left_alone()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        var list = await ListAsync(provider);
        await provider.DeliverAsync(KlaviyoFixture.Work(list, Users("outsider")), CancellationToken.None);
        var ledger = new FakeMembershipLedger();

        await provider.DeliverAsync(Primary(list, Users("ann"), ledger, 1), CancellationToken.None);
        await provider.DeliverAsync(Primary(list, Users("bob"), ledger, 2), CancellationToken.None);

        Assert.Equal(Emails("outsider", "bob"), Members(env, list));
    }

    [Fact]
    public async Task A_retry_after_a_failed_removal_converges_without_importing_again()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        var list = await ListAsync(provider);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(list, Users("ann", "bob", "cid"), ledger, 1), CancellationToken.None);
        var session = new FakeSession(ledger: ledger, sessionId: 2);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 503, PathContains = "relationships/profiles" });

        var failed = await provider.DeliverAsync(KlaviyoFixture.Work(list, Users("ann", "dee"), session, AudienceType.Primary), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Retry>(failed);
        Assert.Equal(Emails("ann", "bob", "cid", "dee"), Members(env, list));
        Assert.Equal(1L, ledger.Baseline);
        var jobs = env.Emulator.Jobs(KlaviyoFixture.ApiKey).Count;

        var retried = await provider.DeliverAsync(KlaviyoFixture.Work(list, Users("ann", "dee"), session, AudienceType.Primary), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(retried);
        Assert.Equal(jobs, env.Emulator.Jobs(KlaviyoFixture.ApiKey).Count);
        Assert.Equal(Emails("ann", "dee"), Members(env, list));
        Assert.Equal(2L, ledger.Baseline);
    }

    private static async Task<string> ListAsync(IAudienceProvider provider) =>
        (await provider.FindOrCreateAudienceAsync(new AudienceRequest("customers", AudienceType.Primary), CancellationToken.None)).AudienceId!;

    private static DeliveryWork Primary(string list, IReadOnlyList<AudienceUser> users, FakeMembershipLedger ledger, long sessionId) =>
        KlaviyoFixture.Work(list, users, new FakeSession(ledger: ledger, sessionId: sessionId), AudienceType.Primary);

    private static List<AudienceUser> Users(params string[] names) => [.. names.Select(n => new AudienceUser { Email = $"{n}@example.com" })];

    private static HashSet<string> Emails(params string[] names) => [.. names.Select(n => $"{n}@example.com")];

    private static HashSet<string> Members(KlaviyoFixture env, string list) => [.. env.Emulator.ListMembers(list).Select(p => p.Email!)];
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.LinkedIn;

/// <summary><c>type=primary</c> on LinkedIn: add, then REMOVE the emails that left since the previous complete session.</summary>
public sealed class LinkedInPrimaryTests
{
    [Fact]
    public async Task A_second_complete_session_leaves_exactly_its_members()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();

        var first = await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("ann", "bob", "cid"), ledger, 1), CancellationToken.None);
        var second = await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("ann", "dee"), ledger, 2), CancellationToken.None);

        Assert.Equal(0, Assert.IsType<DeliveryOutcome.Succeeded>(first).Counts.PlatformCounts["removed"]);
        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(second).Counts.PlatformCounts["removed"]);
        Assert.Equal(LinkedInFixture.Hashes("ann", "dee"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
        Assert.Equal(2L, ledger.Baseline);
    }

    [Fact]
    public async Task Members_added_before_the_first_primary_session_are_left_alone()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider, type: AudienceType.Primary);
        await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("outsider")), CancellationToken.None);
        var ledger = new FakeMembershipLedger();

        await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("ann"), ledger, 1), CancellationToken.None);
        await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("bob"), ledger, 2), CancellationToken.None);

        Assert.Equal(LinkedInFixture.Hashes("outsider", "bob"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
    }

    [Fact]
    public async Task Only_the_last_open_delivery_removes_and_commits()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("ann", "bob"), ledger, 1), CancellationToken.None);

        var early = await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("cid"), ledger, 2, isLast: false), CancellationToken.None);
        Assert.Equal(LinkedInFixture.Hashes("ann", "bob", "cid"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
        Assert.False(Assert.IsType<DeliveryOutcome.Succeeded>(early).Counts.PlatformCounts.ContainsKey("removed"));

        await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("ann"), ledger, 2), CancellationToken.None);

        Assert.Equal(LinkedInFixture.Hashes("ann", "cid"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
        Assert.Equal(2L, ledger.Baseline);
    }

    [Fact]
    public async Task When_another_batch_of_the_session_failed_nothing_is_removed_or_committed()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("ann", "bob"), ledger, 1), CancellationToken.None);
        ledger.SiblingFailed = true;

        var outcome = await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("cid"), ledger, 2), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["removal_skipped"]);
        Assert.Equal(LinkedInFixture.Hashes("ann", "bob", "cid"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
        Assert.Equal(1L, ledger.Baseline);
    }

    [Fact]
    public async Task A_retry_after_a_failed_remove_converges_without_adding_again()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider(maxUsersPerRequest: 2);
        var segment = await LinkedInFixture.SegmentAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(segment, LinkedInFixture.Users("ann", "bob", "cid", "dee"), ledger, 1), CancellationToken.None);
        var session = new FakeSession(ledger: ledger, sessionId: 2);

        // The add of session 2 passes (a slow fault of no delay lets one request through); its first REMOVE meets a server error.
        env.Emulator.Faults.Add(new Emulators.Hosting.Fault { Kind = Emulators.Hosting.FaultKind.Slow, PathContains = "/users" });
        env.Emulator.Faults.Add(new Emulators.Hosting.Fault { Kind = Emulators.Hosting.FaultKind.ServerError, PathContains = "/users", StatusCode = 500 });

        var failed = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann", "eve"), session, AudienceType.Primary), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Retry>(failed);
        Assert.Equal(1L, ledger.Baseline);

        var retried = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann", "eve"), session, AudienceType.Primary), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(retried).Counts;
        Assert.Equal(0, counts.PlatformCounts["requests"]);
        Assert.Equal(3, counts.PlatformCounts["removed"]);
        Assert.Equal(LinkedInFixture.Hashes("ann", "eve"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
        Assert.Equal(2L, ledger.Baseline);
    }

    private static DeliveryWork Primary(string segment, IReadOnlyList<AudienceUser> users, FakeMembershipLedger ledger, long sessionId, bool isLast = true) =>
        LinkedInFixture.Work(segment, users, new FakeSession(ledger: ledger, sessionId: sessionId) { IsLast = isLast }, AudienceType.Primary);
}

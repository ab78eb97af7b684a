using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Snapchat;

/// <summary><c>type=primary</c> on Snapchat: add, then remove the identifiers that left since the previous complete session.</summary>
public sealed class SnapchatPrimaryTests
{
    [Fact]
    public async Task A_second_complete_session_leaves_exactly_its_members_by_schema()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();
        var segment = await SnapchatFixture.AudienceAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();
        AudienceUser[] first = [new() { Email = "ann@example.com", Phone = "+1 650 555 1212" }, new() { Email = "bob@example.com" }, new() { Email = "cid@example.com" }];
        AudienceUser[] second = [new() { Email = "ann@example.com" }, new() { Email = "dee@example.com" }];

        var one = await provider.DeliverAsync(Primary(segment, first, ledger, 1), CancellationToken.None);
        var two = await provider.DeliverAsync(Primary(segment, second, ledger, 2), CancellationToken.None);

        Assert.Equal(0, Assert.IsType<DeliveryOutcome.Succeeded>(one).Counts.PlatformCounts["removed"]);
        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(two).Counts.PlatformCounts;
        Assert.Equal(3, counts["removed"]);
        Assert.Equal(2, counts["remove_requests"]);
        Assert.Equal(SnapchatFixture.EmailHashes("ann", "dee"), env.Emulator.Members(segment, "EMAIL_SHA256"));
        Assert.Empty(env.Emulator.Members(segment, "PHONE_SHA256"));
        Assert.Equal(["EMAIL_SHA256", "PHONE_SHA256"], env.Emulator.UsersCalls.Where(c => c.Method == "DELETE").Select(c => c.Schema).Order(StringComparer.Ordinal));
        Assert.Equal(2L, ledger.Baseline);
    }

    [Fact]
    public async Task Only_the_last_open_delivery_removes_and_a_failed_sibling_blocks_removal()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();
        var segment = await SnapchatFixture.AudienceAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(segment, SnapchatFixture.Emails("ann", "bob"), ledger, 1), CancellationToken.None);

        await provider.DeliverAsync(Primary(segment, SnapchatFixture.Emails("cid"), ledger, 2, isLast: false), CancellationToken.None);
        Assert.Equal(SnapchatFixture.EmailHashes("ann", "bob", "cid"), env.Emulator.Members(segment, "EMAIL_SHA256"));

        ledger.SiblingFailed = true;
        var blocked = await provider.DeliverAsync(Primary(segment, SnapchatFixture.Emails("ann"), ledger, 2), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(blocked).Counts.PlatformCounts["removal_skipped"]);
        Assert.Equal(SnapchatFixture.EmailHashes("ann", "bob", "cid"), env.Emulator.Members(segment, "EMAIL_SHA256"));
        Assert.Equal(1L, ledger.Baseline);
    }

    [Fact]
    public async Task A_failed_attempt_commits_nothing_and_its_retry_removes_and_commits()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();
        var segment = await SnapchatFixture.AudienceAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(segment, SnapchatFixture.Emails("ann", "bob"), ledger, 1), CancellationToken.None);
        var session = new FakeSession(ledger: ledger, sessionId: 2);
        var before = env.Emulator.UsersCalls.Count;
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 500, PathContains = "/users" });

        var first = await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("ann"), session, AudienceType.Primary), CancellationToken.None);
        Assert.IsType<DeliveryOutcome.Retry>(first);
        Assert.Equal(1L, ledger.Baseline);
        Assert.Equal(SnapchatFixture.EmailHashes("ann", "bob"), env.Emulator.Members(segment, "EMAIL_SHA256"));

        var second = await provider.DeliverAsync(SnapchatFixture.Work(segment, SnapchatFixture.Emails("ann"), session, AudienceType.Primary), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(second);
        Assert.Equal(SnapchatFixture.EmailHashes("ann"), env.Emulator.Members(segment, "EMAIL_SHA256"));
        Assert.Equal(2L, ledger.Baseline);
        Assert.Equal(before + 2, env.Emulator.UsersCalls.Count);
    }

    private static DeliveryWork Primary(string segment, AudienceUser[] users, FakeMembershipLedger ledger, long sessionId, bool isLast = true) =>
        SnapchatFixture.Work(segment, users, new FakeSession(ledger: ledger, sessionId: sessionId) { IsLast = isLast }, AudienceType.Primary);
}

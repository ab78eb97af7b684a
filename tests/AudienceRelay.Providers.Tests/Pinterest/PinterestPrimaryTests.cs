using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Pinterest;

/// <summary><c>type=primary</c> on Pinterest: ADD, then REMOVE the records that left since the previous complete session.</summary>
public sealed class PinterestPrimaryTests
{
    [Fact]
    public async Task A_second_complete_session_leaves_exactly_its_members()
    {
        await using var env = await PinterestFixture.StartAsync();
        var provider = env.Provider();
        var list = await PinterestFixture.ListAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();

        var one = await provider.DeliverAsync(Primary(list, PinterestFixture.Emails("ann", "bob", "cid"), ledger, 1), CancellationToken.None);
        var two = await provider.DeliverAsync(Primary(list, PinterestFixture.Emails("ann", "dee"), ledger, 2), CancellationToken.None);

        Assert.Equal(0, Assert.IsType<DeliveryOutcome.Succeeded>(one).Counts.PlatformCounts["removed"]);
        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(two).Counts.PlatformCounts;
        Assert.Equal(2, counts["removed"]);
        Assert.Equal(2, counts["num_removed_user_records"]);
        Assert.Equal(PinterestFixture.Hashes("ann", "dee"), env.Emulator.Members(PinterestFixture.Account, list));
        Assert.Equal(2L, ledger.Baseline);
    }

    [Fact]
    public async Task A_failed_sibling_or_an_earlier_delivery_removes_nothing()
    {
        await using var env = await PinterestFixture.StartAsync();
        var provider = env.Provider();
        var list = await PinterestFixture.ListAsync(provider, type: AudienceType.Primary);
        var ledger = new FakeMembershipLedger();
        await provider.DeliverAsync(Primary(list, PinterestFixture.Emails("ann", "bob"), ledger, 1), CancellationToken.None);

        await provider.DeliverAsync(Primary(list, PinterestFixture.Emails("cid"), ledger, 2, isLast: false), CancellationToken.None);
        ledger.SiblingFailed = true;
        var last = await provider.DeliverAsync(Primary(list, PinterestFixture.Emails("ann"), ledger, 2), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(last).Counts.PlatformCounts["removal_skipped"]);
        Assert.Equal(PinterestFixture.Hashes("ann", "bob", "cid"), env.Emulator.Members(PinterestFixture.Account, list));
        Assert.Equal(1L, ledger.Baseline);
    }

    private static DeliveryWork Primary(string list, AudienceUser[] users, FakeMembershipLedger ledger, long sessionId, bool isLast = true) =>
        PinterestFixture.Work(list, users, new FakeSession(ledger: ledger, sessionId: sessionId) { IsLast = isLast }, AudienceType.Primary);
}

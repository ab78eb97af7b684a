using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>
/// An older primary session that a newer one superseded (docs/delivery.md, "Overlapping primary sessions") must not
/// put its list back over the newer one's: found by the soak, where an older replace held back by Meta's busy answers
/// ran after the newer one had completed.
/// </summary>
public sealed class FacebookSupersededTests
{
    [Fact]
    public async Task A_superseded_primary_session_sends_no_replace_and_the_newer_list_stays()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider();
        var newer = MetaTestbed.Emails("new", 3);
        var newerLedger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        MetaTestbed.Store(newerLedger, newer);
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, newer, newerLedger.Open(), sessionId: 3), CancellationToken.None));

        var older = MetaTestbed.Emails("old", 2);
        var olderLedger = new FakeSessionLedger(1) { BatchesArrived = 1, Superseded = true };
        MetaTestbed.Store(olderLedger, older);
        var outcome = await provider.DeliverAsync(Primary(audienceId, older, olderLedger.Open(), sessionId: 2), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["superseded_not_replaced"]);
        Assert.Equal(MetaTestbed.Hashes(newer), bed.Emulator.MemberEmails(audienceId));
        Assert.Single(bed.Tap.Sessions("/usersreplace").Select(s => s.SessionId).Distinct());
    }

    [Fact]
    public async Task A_replace_already_under_way_is_finished_when_a_newer_session_begins_so_the_audience_is_not_left_busy()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider(maxUsersPerRequest: 1);
        var users = MetaTestbed.Emails("a", 2);
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        MetaTestbed.Store(ledger, users);
        var delivery = ledger.Open();
        bed.Tap.Break("/usersreplace", skip: 1, afterSend: false);
        Assert.IsType<DeliveryOutcome.Retry>(await provider.DeliverAsync(Primary(audienceId, users, delivery, sessionId: 2), CancellationToken.None));

        ledger.Superseded = true;
        var outcome = await provider.DeliverAsync(Primary(audienceId, users, delivery, sessionId: 2), CancellationToken.None);

        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["replace_requests"]);
        Assert.Equal("processed", bed.Emulator.Sessions(audienceId).Single(s => s.Kind == "replace").Stage);
        Assert.Equal(MetaTestbed.Hashes(users), bed.Emulator.MemberEmails(audienceId));
    }

    private static DeliveryWork Primary(string audienceId, IReadOnlyList<AudienceUser> users, FakeDeliverySession session, long sessionId) =>
        MetaTestbed.Work(audienceId, users, session, sessionId: sessionId, sequence: 1, totalBatches: 1, type: AudienceType.Primary);
}

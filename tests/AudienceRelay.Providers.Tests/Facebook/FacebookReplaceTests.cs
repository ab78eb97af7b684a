using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Facebook;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookReplaceTests
{
    [Fact]
    public async Task Primary_waits_for_every_batch_then_replaces_the_members()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider();
        var oldMembers = MetaTestbed.Emails("old", 3);
        var earlier = new FakeSessionLedger(1) { BatchesArrived = 1 };
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(MetaTestbed.Work(audienceId, oldMembers, earlier.Open(), sessionId: 1), CancellationToken.None));
        var before = bed.Tap.Requests.Count;

        var ledger = new FakeSessionLedger(2) { BatchesArrived = 1 };
        var firstUsers = new[] { oldMembers[0] }.Concat(MetaTestbed.Emails("new", 2)).ToList();
        var secondUsers = MetaTestbed.Emails("later", 2);
        var first = ledger.Open();

        var waiting = await provider.DeliverAsync(Primary(audienceId, firstUsers, first, 1), CancellationToken.None);

        Assert.Equal(new DeliveryOutcome.Wait("waiting for all batches of the primary session", FacebookProvider.PrimaryRecheck), waiting);
        Assert.Equal(before, bed.Tap.Requests.Count);
        Assert.Null(first.SavedState);

        ledger.BatchesArrived = 2;
        var second = ledger.Open();
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, firstUsers, first, 1), CancellationToken.None));
        ledger.End(first);

        // Staged, not yet swapped in: the old members are all still there while the replace runs.
        Assert.Equal(MetaTestbed.Hashes(oldMembers), bed.Emulator.MemberEmails(audienceId));
        Assert.Equal("2", bed.Emulator.Audience(audienceId)!.OpenReplaceSessionId);

        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, secondUsers, second, 2), CancellationToken.None));

        Assert.Equal(MetaTestbed.Hashes(firstUsers.Concat(secondUsers)), bed.Emulator.MemberEmails(audienceId));
        Assert.Null(bed.Emulator.Audience(audienceId)!.OpenReplaceSessionId);
        Assert.Equal([(2L, 1L, false), (2L, 2L, true)], bed.Tap.Sessions("/usersreplace"));
        var replace = bed.Emulator.Sessions(audienceId).Single(s => s.Kind == "replace");
        Assert.Equal("processed", replace.Stage);
    }

    [Fact]
    public async Task A_later_delivery_that_runs_while_an_earlier_one_backs_off_waits_its_turn()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider(maxUsersPerRequest: 1);
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        var firstUsers = MetaTestbed.Emails("a", 2);
        var secondUsers = MetaTestbed.Emails("b", 1);
        var first = ledger.Open();
        var second = ledger.Open();

        // The first delivery sends batch_seq 1, then its second request fails and it backs off. The store then
        // hands out the second delivery of the session, which reserved batch_seq 3: Meta refuses it out of order.
        bed.Tap.Break("/usersreplace", skip: 1, afterSend: false);
        var firstTry = await provider.DeliverAsync(Primary(audienceId, firstUsers, first, 1), CancellationToken.None);
        var secondTry = await provider.DeliverAsync(Primary(audienceId, secondUsers, second, 2), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Retry>(firstTry);
        var refused = Assert.IsType<DeliveryOutcome.Retry>(secondTry);
        Assert.StartsWith("Meta error 2650", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(bed.Emulator.MemberEmails(audienceId));

        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, firstUsers, first, 1), CancellationToken.None));
        ledger.End(first);
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, secondUsers, second, 2), CancellationToken.None));

        Assert.Equal(MetaTestbed.Hashes(firstUsers.Concat(secondUsers)), bed.Emulator.MemberEmails(audienceId));
        var replace = Assert.Single(bed.Emulator.Sessions(audienceId));
        Assert.Equal([1, 2, 3], replace.BatchSeqs);
        Assert.Equal("processed", replace.Stage);
    }

    [Fact]
    public async Task A_replace_that_never_gets_its_last_batch_leaves_the_members_untouched()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider();
        var oldMembers = MetaTestbed.Emails("old", 2);
        var earlier = new FakeSessionLedger(1) { BatchesArrived = 1 };
        await provider.DeliverAsync(MetaTestbed.Work(audienceId, oldMembers, earlier.Open(), sessionId: 1), CancellationToken.None);
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        var first = ledger.Open();
        ledger.Open();

        // The other delivery of the session is still open (it will fail, or die of old age): no last flag is sent.
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, MetaTestbed.Emails("new", 2), first, 1), CancellationToken.None));

        Assert.Equal([(2L, 1L, false)], bed.Tap.Sessions("/usersreplace"));
        Assert.Equal(MetaTestbed.Hashes(oldMembers), bed.Emulator.MemberEmails(audienceId));
    }

    [Fact]
    public async Task The_last_delivery_does_not_complete_a_replace_when_another_batch_of_it_failed()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider();
        var oldMembers = MetaTestbed.Emails("old", 2);
        var earlier = new FakeSessionLedger(1) { BatchesArrived = 1 };
        await provider.DeliverAsync(MetaTestbed.Work(audienceId, oldMembers, earlier.Open(), sessionId: 1), CancellationToken.None);
        var ledger = new FakeSessionLedger(3) { BatchesArrived = 3 };
        var first = ledger.Open();
        var failing = ledger.Open();
        var last = ledger.Open();
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, MetaTestbed.Emails("a", 1), first, 1), CancellationToken.None));
        ledger.End(first);

        // The second batch failed before it reserved numbers (say its audience could not be resolved): no gap in
        // batch_seq, so without the signal the third would close the replace and drop the second batch's people.
        ledger.Fail(failing);
        var outcome = await provider.DeliverAsync(Primary(audienceId, MetaTestbed.Emails("c", 1), last, 3), CancellationToken.None);

        Assert.Equal(new DeliveryOutcome.Failed(FacebookProvider.SiblingFailedReason), outcome);
        Assert.DoesNotContain(bed.Tap.Sessions("/usersreplace"), s => s.Item3);
        Assert.Equal(MetaTestbed.Hashes(oldMembers), bed.Emulator.MemberEmails(audienceId));
        Assert.Equal("2", bed.Emulator.Audience(audienceId)!.OpenReplaceSessionId);
    }

    [Fact]
    public async Task The_final_request_is_held_back_when_a_sibling_fails_while_the_last_delivery_sends()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider(maxUsersPerRequest: 1);
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        var last = ledger.Open();
        var failing = ledger.Open();

        // The other delivery is still open when this one starts, and has failed by the time its last request goes.
        last.OnLastAsked = () => ledger.Fail(failing);
        var outcome = await provider.DeliverAsync(Primary(audienceId, MetaTestbed.Emails("a", 2), last, 1), CancellationToken.None);

        Assert.Equal(new DeliveryOutcome.Failed(FacebookProvider.SiblingFailedReason), outcome);
        Assert.Equal([(2L, 1L, false)], bed.Tap.Sessions("/usersreplace"));
        Assert.Empty(bed.Emulator.MemberEmails(audienceId));
    }

    private static DeliveryWork Primary(string audienceId, IReadOnlyList<AudienceUser> users, FakeDeliverySession session, long sequence) =>
        MetaTestbed.Work(audienceId, users, session, sessionId: 2, sequence: sequence, totalBatches: 2, type: AudienceType.Primary);
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Facebook;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookReplaceTests
{
    [Fact]
    public async Task Primary_waits_for_every_batch_then_the_last_delivery_replaces_the_members_with_the_whole_list()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider();
        var oldMembers = MetaTestbed.Emails("old", 3);
        var earlier = new FakeSessionLedger(1) { BatchesArrived = 1 };
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(MetaTestbed.Work(audienceId, oldMembers, earlier.Open(), sessionId: 1), CancellationToken.None));

        var ledger = new FakeSessionLedger(2) { BatchesArrived = 1 };
        var firstUsers = new[] { oldMembers[0] }.Concat(MetaTestbed.Emails("new", 2)).ToList();
        var secondUsers = MetaTestbed.Emails("later", 2);
        MetaTestbed.Store(ledger, firstUsers);
        var first = ledger.Open();

        var waiting = await provider.DeliverAsync(Primary(audienceId, firstUsers, first, 1), CancellationToken.None);

        Assert.Equal(new DeliveryOutcome.Wait("waiting for all batches of the primary session", FacebookReplace.PrimaryRecheck), waiting);
        Assert.Empty(bed.Tap.Sessions("/usersreplace"));

        ledger.BatchesArrived = 2;
        MetaTestbed.Store(ledger, secondUsers);
        var second = ledger.Open();
        var staged = Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, firstUsers, first, 1), CancellationToken.None));
        ledger.End(first);

        // Not the last open delivery: nothing is sent yet, the old members are all still there.
        Assert.Equal(3, staged.Counts.PlatformCounts["staged_for_replace"]);
        Assert.Empty(bed.Tap.Sessions("/usersreplace"));
        Assert.Equal(MetaTestbed.Hashes(oldMembers), bed.Emulator.MemberEmails(audienceId));

        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, secondUsers, second, 2), CancellationToken.None));

        Assert.Equal(MetaTestbed.Hashes(firstUsers.Concat(secondUsers)), bed.Emulator.MemberEmails(audienceId));
        var sent = bed.Tap.Sessions("/usersreplace");
        Assert.Equal([(1L, false), (2L, true)], sent.Select(s => (s.BatchSeq, s.Last)));
        Assert.Single(sent.Select(s => s.SessionId).Distinct());
        Assert.Equal("processed", bed.Emulator.Sessions(audienceId).Single(s => s.Kind == "replace").Stage);
    }

    [Fact]
    public async Task A_store_error_before_the_first_request_does_not_leave_a_replace_that_can_never_start()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider();
        var users = MetaTestbed.Emails("a", 3);
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        MetaTestbed.Store(ledger, users);
        var delivery = ledger.Open();

        // The progress could not be saved (a store error, a lost lease): the attempt dies before sending anything.
        delivery.FailingSaves = 1;
        await Assert.ThrowsAsync<InvalidOperationException>(() => provider.DeliverAsync(Primary(audienceId, users, delivery, 1, totalBatches: 1), CancellationToken.None));

        var outcome = await provider.DeliverAsync(Primary(audienceId, users, delivery, 1, totalBatches: 1), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        Assert.Equal(MetaTestbed.Hashes(users), bed.Emulator.MemberEmails(audienceId));
        Assert.Equal([(1L, true)], bed.Tap.Sessions("/usersreplace").Select(s => (s.BatchSeq, s.Last)));
    }

    [Fact]
    public async Task A_replace_Meta_dropped_after_its_time_out_starts_again_from_the_first_batch_under_a_new_session()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var bed = await MetaTestbed.StartAsync(new MetaEmulatorOptions { Time = clock });
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider(maxUsersPerRequest: 1);
        var firstUsers = MetaTestbed.Emails("a", 2);
        var secondUsers = MetaTestbed.Emails("b", 1);
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        MetaTestbed.Store(ledger, firstUsers);
        MetaTestbed.Store(ledger, secondUsers);
        var delivery = ledger.Open();

        // batch_seq 1 goes; the second request never reaches Meta, and the delivery backs off for two hours.
        bed.Tap.Break("/usersreplace", skip: 1, afterSend: false);
        Assert.IsType<DeliveryOutcome.Retry>(await provider.DeliverAsync(Primary(audienceId, secondUsers, delivery, 2), CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(2));

        var outcome = await provider.DeliverAsync(Primary(audienceId, secondUsers, delivery, 2), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(2, counts.PlatformCounts["replace_generation"]);
        Assert.Equal(MetaTestbed.Hashes(firstUsers.Concat(secondUsers)), bed.Emulator.MemberEmails(audienceId));
        var sessions = bed.Emulator.Sessions(audienceId);
        Assert.Equal(["expired", "processed"], sessions.Select(s => s.Stage));
        Assert.NotEqual(sessions[0].SessionId, sessions[1].SessionId);
        Assert.Equal([1, 2, 3], sessions[1].BatchSeqs);
    }

    [Fact]
    public async Task The_last_delivery_does_not_replace_when_another_batch_of_the_session_failed()
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
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(Primary(audienceId, MetaTestbed.Emails("a", 1), first, 1, totalBatches: 3), CancellationToken.None));
        ledger.End(first);
        ledger.Fail(failing);

        var outcome = await provider.DeliverAsync(Primary(audienceId, MetaTestbed.Emails("c", 1), last, 3, totalBatches: 3), CancellationToken.None);

        Assert.Equal(new DeliveryOutcome.Failed(FacebookReplace.SiblingFailedReason), outcome);
        Assert.Empty(bed.Tap.Sessions("/usersreplace"));
        Assert.Equal(MetaTestbed.Hashes(oldMembers), bed.Emulator.MemberEmails(audienceId));
    }

    [Fact]
    public async Task A_replace_with_a_batch_whose_payload_is_gone_is_not_completed()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_customers");
        var provider = bed.Provider();
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        var users = MetaTestbed.Emails("a", 2);
        MetaTestbed.Store(ledger, users);

        var outcome = await provider.DeliverAsync(Primary(audienceId, users, ledger.Open(), 2), CancellationToken.None);

        Assert.Contains("1 of the 2 batches", Assert.IsType<DeliveryOutcome.Failed>(outcome).Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Tap.Sessions("/usersreplace"), s => s.Last);
        Assert.Empty(bed.Emulator.MemberEmails(audienceId));
    }

    private static DeliveryWork Primary(string audienceId, IReadOnlyList<AudienceUser> users, FakeDeliverySession session, long sequence, int totalBatches = 2) =>
        MetaTestbed.Work(audienceId, users, session, sessionId: 2, sequence: sequence, totalBatches: totalBatches, type: AudienceType.Primary);
}

using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookSessionTests
{
    [Fact]
    public async Task Chunks_of_two_deliveries_share_one_Meta_session_with_contiguous_batch_seq()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        var provider = bed.Provider(maxUsersPerRequest: 2);
        var firstUsers = MetaTestbed.Emails("a", 5);
        var secondUsers = MetaTestbed.Emails("b", 3);
        var first = ledger.Open();
        var second = ledger.Open();

        var one = await provider.DeliverAsync(MetaTestbed.Work(audienceId, firstUsers, first, sequence: 1, totalBatches: 2, totalUsers: 8), CancellationToken.None);
        ledger.End(first);
        var two = await provider.DeliverAsync(MetaTestbed.Work(audienceId, secondUsers, second, sequence: 2, totalBatches: 2, totalUsers: 8), CancellationToken.None);

        Assert.Equal(5, Assert.IsType<DeliveryOutcome.Succeeded>(one).Counts.PlatformCounts["num_received"]);
        Assert.Equal(3, Assert.IsType<DeliveryOutcome.Succeeded>(two).Counts.PlatformCounts["num_received"]);
        Assert.Equal(
            [(MetaTestbed.MetaSession(audienceId), 1L, false), (MetaTestbed.MetaSession(audienceId), 2L, false), (MetaTestbed.MetaSession(audienceId), 3L, false), (MetaTestbed.MetaSession(audienceId), 4L, false), (MetaTestbed.MetaSession(audienceId), 5L, true)],
            bed.Tap.Sessions());
        var session = Assert.Single(bed.Emulator.Sessions(audienceId));
        Assert.Equal([1, 2, 3, 4, 5], session.BatchSeqs);
        Assert.True(session.LastBatchFlagReceived);
        Assert.Equal(8, session.EstimatedNumTotal);
        Assert.Equal(MetaTestbed.Hashes(firstUsers.Concat(secondUsers)), bed.Emulator.MemberEmails(audienceId));
    }

    [Fact]
    public async Task No_last_flag_while_batches_of_the_session_are_still_missing()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");
        var ledger = new FakeSessionLedger(3) { BatchesArrived = 1 };

        var outcome = await bed.Provider(maxUsersPerRequest: 2)
            .DeliverAsync(MetaTestbed.Work(audienceId, MetaTestbed.Emails("a", 3), ledger.Open(), totalBatches: 3), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        Assert.Equal([(MetaTestbed.MetaSession(audienceId), 1L, false), (MetaTestbed.MetaSession(audienceId), 2L, false)], bed.Tap.Sessions());
        Assert.False(Assert.Single(bed.Emulator.Sessions(audienceId)).LastBatchFlagReceived);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retry_resumes_at_the_unsent_chunk_with_the_same_batch_seq(bool answerLost)
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        var provider = bed.Provider(maxUsersPerRequest: 2);
        var users = MetaTestbed.Emails("a", 6);
        var session = ledger.Open();

        // The second chunk's connection fails: before leaving, or after Meta took it but before its answer came back.
        bed.Tap.Break("/users", skip: 1, afterSend: answerLost);
        var firstTry = await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session), CancellationToken.None);
        var secondTry = await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session, attempt: 2), CancellationToken.None);

        Assert.StartsWith("connection failed", Assert.IsType<DeliveryOutcome.Retry>(firstTry).Reason, StringComparison.Ordinal);
        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(secondTry).Counts;
        Assert.Equal(6, counts.UsersSent);
        Assert.Equal(6, counts.PlatformCounts["num_received"]);
        Assert.Equal(1, ledger.Reservations);
        var sent = bed.Tap.Requests.Where(r => r.Reached).Select(r => r.Body!).ToList();
        Assert.Equal(answerLost ? 4 : 3, sent.Count);
        Assert.Equal(
            answerLost ? [(MetaTestbed.MetaSession(audienceId), 1L, false), (MetaTestbed.MetaSession(audienceId), 2L, false), (MetaTestbed.MetaSession(audienceId), 2L, false), (MetaTestbed.MetaSession(audienceId), 3L, true)] : [(MetaTestbed.MetaSession(audienceId), 1L, false), (MetaTestbed.MetaSession(audienceId), 2L, false), (MetaTestbed.MetaSession(audienceId), 3L, true)],
            bed.Tap.Sessions());
        var metaSession = Assert.Single(bed.Emulator.Sessions(audienceId));
        Assert.Equal([1, 2, 3], metaSession.BatchSeqs);
        Assert.Equal(6, metaSession.NumReceived);
        Assert.Equal(MetaTestbed.Hashes(users), bed.Emulator.MemberEmails(audienceId));
    }

    [Fact]
    public async Task A_delivery_whose_chunks_were_all_sent_succeeds_without_sending_again()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        var provider = bed.Provider();
        var session = ledger.Open();
        var users = MetaTestbed.Emails("a", 2);

        // The first attempt finished at Meta, but (say) the worker lost its lease before recording the outcome.
        await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session), CancellationToken.None);
        var again = await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session, attempt: 2), CancellationToken.None);

        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(again).Counts.PlatformCounts["num_received"]);
        Assert.Single(bed.Tap.Requests);
    }
}

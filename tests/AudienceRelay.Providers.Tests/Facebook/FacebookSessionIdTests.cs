using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookSessionIdTests
{
    [Fact]
    public async Task Two_instances_on_one_ad_account_never_share_a_Meta_session_id()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var us = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_us");
        var eu = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_eu");
        var usUsers = MetaTestbed.Emails("us", 2);
        var euUsers = MetaTestbed.Emails("eu", 2);

        // Both upload our session 77; Meta holds session ids unique per ad account.
        var first = await bed.Provider("fb_us", 10_000).DeliverAsync(MetaTestbed.Work(us, usUsers, new FakeSessionLedger(1) { BatchesArrived = 1 }.Open()), CancellationToken.None);
        var second = await bed.Provider("fb_eu", 10_000).DeliverAsync(MetaTestbed.Work(eu, euUsers, new FakeSessionLedger(1) { BatchesArrived = 1 }.Open()), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(first);
        Assert.IsType<DeliveryOutcome.Succeeded>(second);
        Assert.Equal(MetaTestbed.Hashes(euUsers), bed.Emulator.MemberEmails(eu));
        var ids = bed.Tap.Sessions().Select(s => s.SessionId).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.DoesNotContain(77L, ids);
    }

    [Fact]
    public async Task Every_retry_of_one_upload_keeps_its_Meta_session_id()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audience = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_us");
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        var provider = bed.Provider();

        await provider.DeliverAsync(MetaTestbed.Work(audience, MetaTestbed.Emails("a", 1), ledger.Open(), sequence: 1, totalBatches: 2), CancellationToken.None);
        await bed.Provider().DeliverAsync(MetaTestbed.Work(audience, MetaTestbed.Emails("b", 1), ledger.Open(), sequence: 2, totalBatches: 2), CancellationToken.None);

        Assert.Single(bed.Tap.Sessions().Select(s => s.SessionId).Distinct());
    }

    [Theory]
    [InlineData(AudienceType.Custom)]
    [InlineData(AudienceType.Primary)]
    public async Task An_audience_deleted_at_Meta_is_reported_gone(AudienceType type)
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audience = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_us");
        Assert.True(bed.Emulator.DeleteAudience(audience));
        var users = MetaTestbed.Emails("a", 2);
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        MetaTestbed.Store(ledger, users, sessionId: 77);

        var outcome = await bed.Provider().DeliverAsync(MetaTestbed.Work(audience, users, ledger.Open(), type: type), CancellationToken.None);

        Assert.Contains("Meta error 100/33", Assert.IsType<DeliveryOutcome.AudienceGone>(outcome).Reason, StringComparison.Ordinal);
    }
}

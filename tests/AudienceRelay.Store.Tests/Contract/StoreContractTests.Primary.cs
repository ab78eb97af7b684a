using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>The membership ledger of primary audiences and the failed-sibling signal.</summary>
public abstract partial class StoreContractTests
{
    private const string Audience = "blotout_customers";

    private static readonly (string IdType, string Hash) Ann = ("EMAIL_SHA256", new string('a', 64));
    private static readonly (string IdType, string Hash) Bob = ("EMAIL_SHA256", new string('b', 64));
    private static readonly (string IdType, string Hash) Cid = ("EMAIL_SHA256", new string('c', 64));
    private static readonly (string IdType, string Hash) Dee = ("PHONE_SHA256", new string('d', 64));

    [StoreFact]
    public async Task The_first_complete_primary_session_has_no_baseline_and_removes_nothing()
    {
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 1, [Ann, Bob, Cid], None);

        Assert.Empty(await Store.ListPrimaryMembersLeftAsync("tiktok", Audience, 1, None));
    }

    [StoreFact]
    public async Task The_next_session_lists_the_keys_of_the_committed_baseline_it_does_not_contain()
    {
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 1, [Ann, Bob, Cid], None);
        await Store.CommitPrimarySessionAsync("tiktok", Audience, 1, None);
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 2, [Ann], None);
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 2, [Ann, Dee], None);

        Assert.Equal([Bob, Cid], await Store.ListPrimaryMembersLeftAsync("tiktok", Audience, 2, None));
        Assert.Equal([Bob, Cid], await Store.ListPrimaryMembersLeftAsync("tiktok", Audience, 2, None));

        // Another instance and another audience name have ledgers of their own.
        Assert.Empty(await Store.ListPrimaryMembersLeftAsync("klaviyo", Audience, 2, None));
        Assert.Empty(await Store.ListPrimaryMembersLeftAsync("tiktok", "blotout_other", 2, None));
    }

    [StoreFact]
    public async Task Committing_makes_the_session_the_baseline_and_is_idempotent()
    {
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 1, [Ann, Bob, Cid], None);
        await Store.CommitPrimarySessionAsync("tiktok", Audience, 1, None);
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 2, [Ann, Dee], None);

        await Store.CommitPrimarySessionAsync("tiktok", Audience, 2, None);
        await Store.CommitPrimarySessionAsync("tiktok", Audience, 2, None);

        // A retry of the committed session finds nothing left; the next session compares with session 2 only.
        Assert.Empty(await Store.ListPrimaryMembersLeftAsync("tiktok", Audience, 2, None));
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 3, [Bob], None);
        Assert.Equal([Ann, Dee], await Store.ListPrimaryMembersLeftAsync("tiktok", Audience, 3, None));
    }

    [StoreFact]
    public async Task The_ledger_survives_a_restart_between_removal_and_commit()
    {
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 1, [Ann, Bob], None);
        await Store.CommitPrimarySessionAsync("tiktok", Audience, 1, None);
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 2, [Bob], None);
        Assert.Equal([Ann], await Store.ListPrimaryMembersLeftAsync("tiktok", Audience, 2, None));

        var restarted = await OpenStoreAsync();

        Assert.Equal([Ann], await restarted.ListPrimaryMembersLeftAsync("tiktok", Audience, 2, None));
        await restarted.CommitPrimarySessionAsync("tiktok", Audience, 2, None);
        Assert.Empty(await restarted.ListPrimaryMembersLeftAsync("tiktok", Audience, 2, None));
    }

    [StoreFact]
    public async Task Finds_which_keys_a_session_recorded()
    {
        await Store.RecordPrimaryMembersAsync("klaviyo", Audience, 1, [Ann, Bob], None);
        await Store.RecordPrimaryMembersAsync("klaviyo", Audience, 2, [Cid], None);

        var found = await Store.FindPrimaryMembersAsync("klaviyo", Audience, 1, [Ann, Cid, Dee, Ann], None);

        Assert.Equal([Ann], found);
        Assert.Empty(await Store.FindPrimaryMembersAsync("klaviyo", Audience, 1, [], None));
    }

    [StoreFact]
    public async Task Recording_many_keys_at_once_keeps_them_all()
    {
        var keys = Enumerable.Range(0, 2_500).Select(i => ("EMAIL_SHA256", i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 1, keys, None);
        await Store.CommitPrimarySessionAsync("tiktok", Audience, 1, None);
        await Store.RecordPrimaryMembersAsync("tiktok", Audience, 2, keys[..2_000], None);

        Assert.Equal(keys[2_000..], await Store.ListPrimaryMembersLeftAsync("tiktok", Audience, 2, None));
    }

    [StoreFact]
    public async Task A_failed_or_dead_sibling_delivery_is_reported_per_session_and_instance()
    {
        for (var sequence = 0; sequence < 3; sequence++)
        {
            await AcceptAsync(TestBatches.Create(60, sequence, T0, instances: ["meta", "tiktok"], type: AudienceType.Primary));
        }

        var leases = await ClaimAsync(T0);
        Assert.Equal(3, leases.Count);
        Assert.False(await Store.AnySessionDeliveryEndedUnsuccessfullyAsync(60, "meta", leases[2].DeliveryId, None));

        Assert.True(await Store.CompleteAsync(leases[0].DeliveryId, leases[0].LeaseToken, Succeeded(T0), None));
        Assert.False(await Store.AnySessionDeliveryEndedUnsuccessfullyAsync(60, "meta", leases[2].DeliveryId, None));

        Assert.True(await Store.CompleteAsync(leases[1].DeliveryId, leases[1].LeaseToken, new DeliveryResult { State = DeliveryState.Dead, Attempts = 9, LastError = "gave up", Now = T0 }, None));
        Assert.True(await Store.AnySessionDeliveryEndedUnsuccessfullyAsync(60, "meta", leases[2].DeliveryId, None));
        Assert.False(await Store.AnySessionDeliveryEndedUnsuccessfullyAsync(60, "meta", leases[1].DeliveryId, None));
        Assert.False(await Store.AnySessionDeliveryEndedUnsuccessfullyAsync(60, "tiktok", 0, None));
        Assert.False(await Store.AnySessionDeliveryEndedUnsuccessfullyAsync(61, "meta", 0, None));
    }
}

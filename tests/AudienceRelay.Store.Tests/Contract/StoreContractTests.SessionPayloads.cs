using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>A primary session's payloads outlive its single batches' deliveries; forgetting a gone audience id.</summary>
public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task A_primary_sessions_payloads_stay_until_no_delivery_of_the_session_is_open()
    {
        var first = await AcceptAsync(TestBatches.Create(70, 1, T0, totalBatches: 2, type: AudienceType.Primary));
        var second = await AcceptAsync(TestBatches.Create(70, 2, T0, totalBatches: 2, type: AudienceType.Primary));
        Assert.Equal([(first.BatchId, 1L), (second.BatchId, 2L)], await Store.ListSessionBatchesAsync(70, None));
        var leases = await ClaimAsync(T0);
        Assert.Equal(2, leases.Count);
        var lease = leases.Single(l => l.BatchId == first.BatchId);
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(T0), None));

        // The first batch's only delivery ended, but the session's last one is open: a replace that the
        // platform abandoned is sent again from the first batch, so its payload stays.
        Assert.NotNull(await Store.ReadPayloadAsync(first.BatchId, None));

        var last = leases.Single(l => l.BatchId == second.BatchId);
        Assert.True(await Store.CompleteAsync(last.DeliveryId, last.LeaseToken, Succeeded(T0), None));

        Assert.Null(await Store.ReadPayloadAsync(first.BatchId, None));
        Assert.Null(await Store.ReadPayloadAsync(second.BatchId, None));
    }

    [StoreFact]
    public async Task A_custom_batchs_payload_goes_when_its_own_deliveries_end()
    {
        var first = await AcceptAsync(TestBatches.Create(71, 1, T0, totalBatches: 2));
        var lease = Assert.Single(await ClaimAsync(T0));
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(T0), None));

        Assert.Null(await Store.ReadPayloadAsync(first.BatchId, None));
        Assert.Empty(await Store.ListSessionBatchesAsync(72, None));
    }

    [StoreFact]
    public async Task Forgetting_an_audience_id_keeps_a_newer_one()
    {
        Assert.Equal("old", await Store.SaveAudienceAsync("meta", "blotout_a", "old", T0, None));
        await Store.ForgetAudienceAsync("meta", "blotout_a", "other", None);
        Assert.Equal("old", await Store.FindAudienceAsync("meta", "blotout_a", None));

        await Store.ForgetAudienceAsync("meta", "blotout_a", "old", None);
        Assert.Null(await Store.FindAudienceAsync("meta", "blotout_a", None));
        Assert.Equal("new", await Store.SaveAudienceAsync("meta", "blotout_a", "new", T0, None));
    }
}

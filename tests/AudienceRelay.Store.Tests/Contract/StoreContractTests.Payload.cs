using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task The_payload_is_sealed_at_rest_and_bound_to_its_batch()
    {
        var stored = await AcceptAsync(TestBatches.Create(60, 0, T0));
        var plain = TestBatches.Payload(60, 0);

        var raw = await ReadRawPayloadAsync(stored.BatchId);

        Assert.NotNull(raw);
        Assert.Equal(plain.Length + PayloadProtector.Overhead, raw.Length);
        Assert.DoesNotContain(TestBatches.Marker, Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(TestBatches.Marker)));
        Assert.Equal(plain, await Store.ReadPayloadAsync(stored.BatchId, None));
        Assert.Equal(plain, Protector.Unprotect(raw, stored.BatchId));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(raw, stored.BatchId + 1));
    }

    [StoreFact]
    public async Task The_payload_is_purged_once_every_delivery_has_ended()
    {
        var stored = await AcceptAsync(TestBatches.Create(61, 0, T0, instances: ["meta", "tiktok"]));
        var meta = Assert.Single(await ClaimAsync(T0, instance: "meta"));
        var tiktok = Assert.Single(await ClaimAsync(T0, instance: "tiktok"));

        Assert.True(await Store.CompleteAsync(meta.DeliveryId, meta.LeaseToken, Succeeded(T0), None));
        Assert.True(await Store.CompleteAsync(tiktok.DeliveryId, tiktok.LeaseToken, RetryAt(T0.AddMinutes(1), T0), None));
        Assert.NotNull(await Store.ReadPayloadAsync(stored.BatchId, None));
        Assert.False((await Store.GetSessionAsync(61, None))!.Batches.Single().PayloadPurged);

        var again = Assert.Single(await ClaimAsync(T0.AddMinutes(1), instance: "tiktok"));
        var failed = new DeliveryResult { State = DeliveryState.Failed, Attempts = 2, LastError = "invalid token", Now = T0.AddMinutes(2) };
        Assert.True(await Store.CompleteAsync(again.DeliveryId, again.LeaseToken, failed, None));

        Assert.Null(await Store.ReadPayloadAsync(stored.BatchId, None));
        Assert.Null(await ReadRawPayloadAsync(stored.BatchId));
        Assert.True((await Store.GetSessionAsync(61, None))!.Batches.Single().PayloadPurged);
    }

    [StoreFact]
    public async Task A_dead_delivery_ends_its_batch_too()
    {
        var stored = await AcceptAsync(TestBatches.Create(62, 0, T0));
        var lease = Assert.Single(await ClaimAsync(T0));

        var dead = new DeliveryResult { State = DeliveryState.Dead, Attempts = 9, LastError = "gave up", Now = T0.AddDays(1) };
        Assert.True(await Store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, dead, None));

        Assert.Null(await ReadRawPayloadAsync(stored.BatchId));
        Assert.Null(await Store.NextDueAsync(None));
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>The payload key: recorded by a key check, refused when it differs, rotated with older keys kept readable.</summary>
public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task A_store_refuses_a_node_whose_key_is_not_the_stores_key()
    {
        await AcceptAsync(TestBatches.Create(70, 0, T0));
        var other = new PayloadProtector(RandomNumberGenerator.GetBytes(32));

        var error = await Assert.ThrowsAsync<PayloadKeyMismatchException>(() => OpenStoreAsync(other));

        Assert.Contains("Store__PayloadKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Store__PayloadKeyFile", error.Message, StringComparison.Ordinal);
        Assert.Contains(Protector.Keys.CurrentId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Protector.Keys.CurrentCheck, error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task An_empty_store_refuses_another_key_too_once_its_key_is_recorded()
    {
        // No payload at all: the key check alone says which key this store belongs to.
        var other = new PayloadProtector(RandomNumberGenerator.GetBytes(32));

        await Assert.ThrowsAsync<PayloadKeyMismatchException>(() => OpenStoreAsync(other));
    }

    [StoreFact]
    public async Task A_rotated_key_seals_new_payloads_and_older_payloads_still_open()
    {
        var old = await AcceptAsync(TestBatches.Create(71, 0, T0));
        var newKey = RandomNumberGenerator.GetBytes(32);
        var rotated = new PayloadProtector(new PayloadKeyring(newKey, [PayloadKeyringTests.KeyOf(Protector)]));

        var store = await OpenStoreAsync(rotated);
        var fresh = await AcceptAsync(TestBatches.Create(71, 1, T0), store);

        Assert.Equal(TestBatches.Payload(71, 0), await store.ReadPayloadAsync(old.BatchId, None));
        Assert.Equal(TestBatches.Payload(71, 1), await store.ReadPayloadAsync(fresh.BatchId, None));
        Assert.Equal(Convert.FromHexString(rotated.Keys.CurrentId), (await ReadRawPayloadAsync(fresh.BatchId))!.AsSpan(4, 8).ToArray());

        // The store now belongs to the new key: a node with only the old key refuses to start, one with only the new key starts.
        await Assert.ThrowsAsync<PayloadKeyMismatchException>(() => OpenStoreAsync(Protector));
        var onlyNew = await OpenStoreAsync(new PayloadProtector(newKey));
        var unreadable = await Assert.ThrowsAsync<PayloadUnreadableException>(() => onlyNew.ReadPayloadAsync(old.BatchId, None));
        Assert.Contains("Store__PreviousPayloadKeys__N", unreadable.Message, StringComparison.Ordinal);
        Assert.Contains(Protector.Keys.CurrentId, unreadable.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_corrupted_payload_cannot_be_read_and_says_so_without_data()
    {
        var stored = await AcceptAsync(TestBatches.Create(72, 0, T0));
        var raw = (await ReadRawPayloadAsync(stored.BatchId))!;
        raw[^1] ^= 0x5a;
        await WriteRawPayloadAsync(stored.BatchId, raw);

        var error = await Assert.ThrowsAsync<PayloadUnreadableException>(() => Store.ReadPayloadAsync(stored.BatchId, None));

        Assert.Contains($"batch {stored.BatchId}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestBatches.Marker, error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_payload_sealed_before_key_ids_still_opens_and_vouches_for_the_key()
    {
        // The layout of earlier versions: nonce, tag, ciphertext, with the batch id alone as associated data.
        var stored = await AcceptAsync(TestBatches.Create(73, 0, T0));
        var plain = TestBatches.Payload(73, 0);
        var legacy = new byte[28 + plain.Length];
        RandomNumberGenerator.Fill(legacy.AsSpan(0, 12));
        var associated = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(associated, stored.BatchId);
        using (var aes = new AesGcm(PayloadKeyringTests.KeyOf(Protector), 16))
        {
            aes.Encrypt(legacy.AsSpan(0, 12), plain, legacy.AsSpan(28), legacy.AsSpan(12, 16), associated);
        }

        await WriteRawPayloadAsync(stored.BatchId, legacy);
        Assert.Equal(plain, await Store.ReadPayloadAsync(stored.BatchId, None));

        // A store from before key checks: its payloads decide. The right key starts and records the check; another key refuses.
        await ExecuteRawAsync("DELETE FROM payload_key_check");
        await Assert.ThrowsAsync<PayloadKeyMismatchException>(() => OpenStoreAsync(new PayloadProtector(RandomNumberGenerator.GetBytes(32))));
        var restarted = await OpenStoreAsync();
        Assert.Equal(plain, await restarted.ReadPayloadAsync(stored.BatchId, None));
        await Assert.ThrowsAsync<PayloadKeyMismatchException>(() => OpenStoreAsync(new PayloadProtector(RandomNumberGenerator.GetBytes(32))));
    }
}

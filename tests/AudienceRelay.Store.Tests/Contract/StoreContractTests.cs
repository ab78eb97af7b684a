using System.Security.Cryptography;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>
/// The behavior every engine must have, written once: each engine's subclass runs all of it against a
/// fresh, migrated store. Time is passed in (<see cref="T0"/> and offsets from it), never read from a clock.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<IAudienceStore> _stores = [];

    protected PayloadProtector Protector { get; } = new(RandomNumberGenerator.GetBytes(32));

    protected IAudienceStore Store { get; private set; } = null!;

    protected static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        await PrepareDatabaseAsync();
        Store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        await CleanUpDatabaseAsync();
    }

    /// <summary>Another migrated store on this test's database: another node, or the same node after a restart.</summary>
    protected async Task<IAudienceStore> OpenStoreAsync(PayloadProtector? protector = null)
    {
        var store = CreateStore(protector ?? Protector);
        _stores.Add(store);
        await store.MigrateAsync(None);
        return store;
    }

    /// <summary>Makes the empty database (file, schema) this test's stores will use.</summary>
    protected abstract Task PrepareDatabaseAsync();

    protected abstract IAudienceStore CreateStore(PayloadProtector protector);

    /// <summary>The payload column exactly as stored, bypassing the store.</summary>
    protected abstract Task<byte[]?> ReadRawPayloadAsync(long batchId);

    /// <summary>Overwrites the payload column, bypassing the store (damage, or a payload from an older version).</summary>
    protected abstract Task WriteRawPayloadAsync(long batchId, byte[] payload);

    /// <summary>Runs one statement against the database, bypassing the store (written in the shared SQL of both engines).</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    protected abstract Task CleanUpDatabaseAsync();

    protected async Task<StoredBatch> AcceptAsync(NewBatch batch, IAudienceStore? store = null)
    {
        var outcome = await (store ?? Store).AcceptBatchAsync(batch, None);
        return Assert.IsType<AcceptOutcome.Stored>(outcome).Batch;
    }

    protected Task<IReadOnlyList<DeliveryLease>> ClaimAsync(
        DateTimeOffset now,
        string instance = "meta",
        int limit = 10,
        bool onePerSession = false,
        string owner = "node-a",
        IAudienceStore? store = null) =>
        (store ?? Store).ClaimAsync(new ClaimRequest(instance, limit, owner, Lease, onePerSession, now), None);

    protected static DeliveryResult Succeeded(DateTimeOffset now, int attempts = 1) =>
        new() { State = DeliveryState.Succeeded, Attempts = attempts, UsersSent = 2, AudienceId = "aud-1", Now = now };

    protected static DeliveryResult RetryAt(DateTimeOffset next, DateTimeOffset now, int attempts = 1, bool waiting = false) =>
        new() { State = DeliveryState.Pending, Attempts = attempts, NextAttemptAt = next, LastError = "try later", WaitingForSession = waiting, Now = now };
}

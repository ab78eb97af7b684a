using System.Security.Cryptography;
using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using AudienceRelay.Store.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Tests.Sqlite;

/// <summary>
/// Lease writes (claim, renew) may commit with synchronous=NORMAL; everything a client or the ledger relies on
/// (accepts, completions, the member ledger) must still commit with synchronous=FULL (docs/delivery.md,
/// "Lease writes"). Each connection's setting is read as the store opened it for the operation.
/// </summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private const long Full = 2;
    private const long Normal = 1;
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    private readonly string _folder = Directory.CreateTempSubdirectory("audience-sqlite-sync-").FullName;
    private readonly List<long> _opened = [];
    private readonly SqliteAudienceStore _store;

    public SqliteDurabilityTests()
    {
        _store = new SqliteAudienceStore($"Data Source={Path.Combine(_folder, "audience.db")}", new PayloadProtector(RandomNumberGenerator.GetBytes(32)))
        {
            ConnectionOpened = connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous";
                _opened.Add((long)command.ExecuteScalar()!);
            },
        };
    }

    [Fact]
    public async Task Accepts_completions_and_the_ledger_commit_with_full_sync_and_leases_without()
    {
        await _store.MigrateAsync(CancellationToken.None);

        var accepted = await SettingsOf(() => _store.AcceptBatchAsync(TestBatches.Create(1, 1, T0, totalBatches: 1), CancellationToken.None));
        var (lease, claimed) = await SettingsOf(() => _store.ClaimAsync(new ClaimRequest("meta", 10, "node-a", TimeSpan.FromMinutes(1), true, T0), CancellationToken.None));
        var renewed = await SettingsOf(() => _store.RenewLeaseAsync(Assert.Single(lease).DeliveryId, lease[0].LeaseToken, T0.AddMinutes(2), CancellationToken.None));
        var ledger = await SettingsOf(() => _store.RecordPrimaryMembersAsync("tiktok", "blotout_all", 1, [("email", "ab")], CancellationToken.None));
        var completed = await SettingsOf(() => _store.CompleteAsync(lease[0].DeliveryId, lease[0].LeaseToken, new DeliveryResult
        {
            State = DeliveryState.Succeeded,
            Attempts = 1,
            UsersSent = 2,
            Now = T0.AddSeconds(5),
        }, CancellationToken.None));

        Assert.IsType<AcceptOutcome.Stored>(accepted.Result);
        Assert.True(renewed.Result);
        Assert.True(completed.Result);
        Assert.Equal([Full], accepted.Settings);
        Assert.Equal([Full], ledger.Settings);
        Assert.Equal([Full], completed.Settings);
        Assert.Equal([Normal], claimed);
        Assert.Equal([Normal], renewed.Settings);
    }

    [Fact]
    public async Task A_pooled_connection_a_lease_used_is_full_again_for_the_next_accept()
    {
        await _store.MigrateAsync(CancellationToken.None);
        await _store.AcceptBatchAsync(TestBatches.Create(1, 1, T0, totalBatches: 2), CancellationToken.None);
        Assert.NotEmpty(await _store.ClaimAsync(new ClaimRequest("meta", 10, "node-a", TimeSpan.FromMinutes(1), false, T0), CancellationToken.None));

        // One connection in the pool: the one the claim set to NORMAL is the one the accept gets back.
        var accepted = await SettingsOf(() => _store.AcceptBatchAsync(TestBatches.Create(1, 2, T0, totalBatches: 2), CancellationToken.None));

        Assert.Equal([Full], accepted.Settings);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(T Result, long[] Settings)> SettingsOf<T>(Func<Task<T>> operation)
    {
        _opened.Clear();
        var result = await operation();
        return (result, [.. _opened]);
    }

    private async Task<(bool Result, long[] Settings)> SettingsOf(Func<Task> operation)
    {
        _opened.Clear();
        await operation();
        return (true, [.. _opened]);
    }
}

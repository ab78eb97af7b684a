using AudienceRelay.Store.Migrations;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

/// <summary>
/// The embedded store for one node. Every write runs in an IMMEDIATE transaction (the default of
/// Microsoft.Data.Sqlite), so a claim or an accept is one atomic step against concurrent workers;
/// WAL mode lets readers (status, sync waits) proceed while a writer holds the lock.
/// </summary>
public sealed partial class SqliteAudienceStore(string connectionString, PayloadProtector protector) : IAudienceStore
{
    private readonly string _connectionString = Prepare(connectionString);
    private readonly AudienceLocks _audienceLocks = new();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);", cancellationToken);
        foreach (var script in MigrationScript.Load("Sqlite"))
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var applied = await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", cancellationToken, ("v", script.Version));
            if (applied == 0)
            {
                await ExecuteAsync(connection, tx, script.Sql, cancellationToken);
                await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, datetime('now'))", cancellationToken, ("v", script.Version), ("n", script.Name));
            }

            await tx.CommitAsync(cancellationToken);
        }

        await CheckPayloadKeyAsync(connection, cancellationToken);
    }

    /// <summary>
    /// True when the database at <paramref name="connectionString"/> already holds payloads or a key check, so a
    /// missing key file must stop the node rather than be generated anew. False for a new or empty database.
    /// </summary>
    public static async Task<bool> HoldsKeyedDataAsync(string connectionString, CancellationToken cancellationToken)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || (!path.StartsWith("file:", StringComparison.Ordinal) && !File.Exists(path)))
        {
            return false;
        }

        await using var connection = new SqliteConnection(Prepare(connectionString));
        await connection.OpenAsync(cancellationToken);
        var hasCheck = await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'payload_key_check'", cancellationToken) == 1;
        if (hasCheck && await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM payload_key_check", cancellationToken) > 0)
        {
            return true;
        }

        var hasBatches = await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'batches'", cancellationToken) == 1;
        return hasBatches && await ScalarAsync<long>(connection, null, "SELECT EXISTS (SELECT 1 FROM batches WHERE payload IS NOT NULL)", cancellationToken) == 1;
    }

    private async Task CheckPayloadKeyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        string? keyId = null, keyCheck = null;
        await using (var read = Command(connection, tx, PayloadKeySql.Read))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (keyId, keyCheck) = (reader.GetString(0), reader.GetString(1));
            }
        }

        (long, byte[])? sample = null;
        if (keyId is null)
        {
            await using var read = Command(connection, tx, PayloadKeySql.Sample);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                sample = (reader.GetInt64(0), (byte[])reader.GetValue(1));
            }
        }

        if (PayloadKeyGuard.MustRecord(protector, keyId, keyCheck, sample))
        {
            var current = protector.Keys;
            await ExecuteAsync(connection, tx, PayloadKeySql.Record(SqlDialect.Sqlite), cancellationToken, ("id", current.CurrentId), ("check", current.CurrentCheck));
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM schema_migrations", cancellationToken) > 0;
    }

    public async Task<byte[]?> ReadPayloadAsync(long batchId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, DeliverySql.ReadPayload, ("b", batchId));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is byte[] sealedPayload ? protector.Unprotect(sealedPayload, batchId) : null;
    }

    public async Task<long> ReserveSessionSequenceAsync(long sessionId, string instance, int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var next = await ScalarAsync<long>(connection, tx, DeliverySql.ReserveSessionSequence, cancellationToken, ("s", sessionId), ("i", instance), ("c", count));
        await tx.CommitAsync(cancellationToken);
        return next - count;
    }

    public async Task<int> CountOpenSessionDeliveriesAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (int)await ScalarAsync<long>(connection, null, DeliverySql.CountOpenInSession, cancellationToken, ("s", sessionId), ("i", instance), ("d", exceptDeliveryId));
    }

    public async Task<string?> FindAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, AudienceSql.Find, ("i", instance), ("n", audienceName));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<string> SaveAudienceAsync(string instance, string audienceName, string audienceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, tx, AudienceSql.Save, cancellationToken, ("i", instance), ("n", audienceName), ("a", audienceId), ("t", now.ToUnixTimeMilliseconds()));
        var remembered = await ScalarAsync<string>(connection, tx, AudienceSql.Find, cancellationToken, ("i", instance), ("n", audienceName));
        await tx.CommitAsync(cancellationToken);
        return remembered;
    }

    public async Task ForgetAudienceAsync(string instance, string audienceName, string audienceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, AudienceSql.Forget, ("i", instance), ("n", audienceName), ("a", audienceId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(long BatchId, long Sequence)>> ListSessionBatchesAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, AudienceSql.ListSessionBatches, ("s", sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batches = new List<(long, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            batches.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return batches;
    }

    public Task<IAsyncDisposable> LockAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken) =>
        _audienceLocks.AcquireAsync(instance + "\n" + audienceName, cancellationToken);
}

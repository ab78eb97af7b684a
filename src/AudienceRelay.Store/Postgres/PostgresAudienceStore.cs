using AudienceRelay.Store.Migrations;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

/// <summary>
/// The shared store for several nodes. Claims take rows with <c>FOR UPDATE SKIP LOCKED</c>, so nodes
/// never wait on each other's claims; writes that must see each other (two accepts of one session, two
/// deliveries of one batch ending at once) are serialized by a lock on what they share. Every
/// transaction is READ COMMITTED on purpose: each statement then reads what committed before it,
/// which is what makes "take the lock, then look" correct.
/// https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED
/// </summary>
public sealed partial class PostgresAudienceStore(string connectionString, PayloadProtector protector) : IAudienceStore, IAsyncDisposable, IDisposable
{
    private const string MigrationLockKey = "audience_relay.migrations";
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    // Session-level advisory locks live as long as their connection: they get connections of their
    // own, outside the pool, so closing one always ends the session and with it the lock.
    private readonly string _lockConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // Nodes starting together all call this: the first takes the lock and migrates, the others
        // wait for it and then find nothing left to do.
        await using var held = await PostgresAdvisoryLock.AcquireAsync(_lockConnectionString, MigrationLockKey, cancellationToken);
        var connection = held.Connection;
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        foreach (var script in MigrationScript.Load("Postgres"))
        {
            await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            var applied = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", cancellationToken, ("v", script.Version));
            if (applied == 0)
            {
                await ExecuteAsync(connection, script.Sql, cancellationToken);
                await ExecuteAsync(connection, "INSERT INTO schema_migrations (version, name) VALUES (@v, @n)", cancellationToken, ("v", script.Version), ("n", script.Name));
            }

            await tx.CommitAsync(cancellationToken);
        }

        // Still under the migration lock: nodes starting together see one another's key check.
        await CheckPayloadKeyAsync(connection, cancellationToken);
    }

    private async Task CheckPayloadKeyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        string? keyId = null, keyCheck = null;
        await using (var read = Command(connection, PayloadKeySql.Read))
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
            await using var read = Command(connection, PayloadKeySql.Sample);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                sample = (reader.GetInt64(0), (byte[])reader.GetValue(1));
            }
        }

        if (PayloadKeyGuard.MustRecord(protector, keyId, keyCheck, sample))
        {
            var current = protector.Keys;
            await ExecuteAsync(connection, PayloadKeySql.Record(SqlDialect.Postgres), cancellationToken, ("id", current.CurrentId), ("check", current.CurrentCheck));
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM schema_migrations", cancellationToken) > 0;
    }

    public async Task<byte[]?> ReadPayloadAsync(long batchId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, DeliverySql.ReadPayload, ("b", batchId));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is byte[] sealedPayload ? protector.Unprotect(sealedPayload, batchId) : null;
    }

    public async Task<long> ReserveSessionSequenceAsync(long sessionId, string instance, int count, CancellationToken cancellationToken)
    {
        // ON CONFLICT DO UPDATE locks the counter row and adds to its latest value, so concurrent
        // reservations (from any node) get disjoint ranges.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var next = await ScalarAsync<long>(connection, DeliverySql.ReserveSessionSequence, cancellationToken, ("s", sessionId), ("i", instance), ("c", (long)count));
        return next - count;
    }

    public async Task<int> CountOpenSessionDeliveriesAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return (int)await ScalarAsync<long>(connection, DeliverySql.CountOpenInSession, cancellationToken, ("s", sessionId), ("i", instance), ("d", exceptDeliveryId));
    }

    public async Task<string?> FindAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, AudienceSql.Find, ("i", instance), ("n", audienceName));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<string> SaveAudienceAsync(string instance, string audienceName, string audienceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Two statements, not one: an INSERT that waited on a concurrent writer's row does nothing,
        // and only a later statement's snapshot sees the row that writer committed.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, AudienceSql.Save, cancellationToken, ("i", instance), ("n", audienceName), ("a", audienceId), ("t", now.ToUnixTimeMilliseconds()));
        return await ScalarAsync<string>(connection, AudienceSql.Find, cancellationToken, ("i", instance), ("n", audienceName));
    }

    public async Task ForgetAudienceAsync(string instance, string audienceName, string audienceId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, AudienceSql.Forget, ("i", instance), ("n", audienceName), ("a", audienceId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(long BatchId, long Sequence)>> ListSessionBatchesAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, AudienceSql.ListSessionBatches, ("s", sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batches = new List<(long, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            batches.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return batches;
    }

    public async Task<IAsyncDisposable> LockAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken) =>
        await PostgresAdvisoryLock.AcquireAsync(_lockConnectionString, "audience_relay.audience:" + instance + "\n" + audienceName, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    internal Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken).AsTask();

    internal NpgsqlConnection Open() => _dataSource.OpenConnection();

    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    /// <summary>A parameter whose value may be null, typed so the server does not have to guess.</summary>
    internal static NpgsqlParameter Typed(string name, NpgsqlTypes.NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}

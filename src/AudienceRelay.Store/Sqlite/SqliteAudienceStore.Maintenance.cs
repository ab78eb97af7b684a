using AudienceRelay.Store.Queue;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

/// <summary>The sweeper and retention (MaintenanceSql). One node owns an SQLite file, so the lock is in process.</summary>
public sealed partial class SqliteAudienceStore : IStoreMaintenance
{
    private readonly SemaphoreSlim _maintenance = new(1, 1);

    public async Task<IAsyncDisposable?> TryLockMaintenanceAsync(CancellationToken cancellationToken) =>
        await _maintenance.WaitAsync(0, cancellationToken) ? new Held(_maintenance) : null;

    public async Task<int> SweepExpiredAsync(DateTimeOffset createdBefore, DateTimeOffset now, string reason, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var sessions = await ReadIdsAsync(connection, tx, MaintenanceSql.SweepExpired, cancellationToken,
            ("reason", reason), ("no", false), ("now", now.ToUnixTimeMilliseconds()), ("cutoff", createdBefore.ToUnixTimeMilliseconds()), ("limit", limit));
        foreach (var session in sessions.Distinct())
        {
            await ExecuteAsync(connection, tx, MaintenanceSql.PurgeSession, cancellationToken, ("s", session), ("now", now.ToUnixTimeMilliseconds()));
        }

        await tx.CommitAsync(cancellationToken);
        return sessions.Count;
    }

    public async Task<int> AbandonPrimarySessionsAsync(DateTimeOffset before, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var sessions = await ReadIdsAsync(connection, tx, MaintenanceSql.Abandon, cancellationToken,
            ("now", now.ToUnixTimeMilliseconds()), ("cutoff", before.ToUnixTimeMilliseconds()), ("limit", limit));
        foreach (var session in sessions)
        {
            await ExecuteAsync(connection, tx, MaintenanceSql.DropAbandonedLedger, cancellationToken, ("s", session));
            await ExecuteAsync(connection, tx, MaintenanceSql.KillAbandonedDeliveries, cancellationToken,
                ("s", session), ("reason", "the primary session was abandoned: its batches never all arrived"), ("no", false), ("now", now.ToUnixTimeMilliseconds()));
            await ExecuteAsync(connection, tx, MaintenanceSql.PurgeSession, cancellationToken, ("s", session), ("now", now.ToUnixTimeMilliseconds()));
        }

        await tx.CommitAsync(cancellationToken);
        return sessions.Count;
    }

    public async Task<int> DeleteEndedSessionsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var sessions = await ReadIdsAsync(connection, tx, MaintenanceSql.EndedSessions, cancellationToken, ("cutoff", before.ToUnixTimeMilliseconds()), ("limit", limit));
        foreach (var session in sessions)
        {
            foreach (var statement in MaintenanceSql.DeleteSession)
            {
                await ExecuteAsync(connection, tx, statement, cancellationToken, ("s", session));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return sessions.Count;
    }

    private static async Task<List<long>> ReadIdsAsync(SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private sealed class Held(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}

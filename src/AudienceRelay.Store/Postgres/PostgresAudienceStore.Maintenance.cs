using System.Data;
using AudienceRelay.Store.Queue;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

/// <summary>The sweeper and retention (MaintenanceSql); one node at a time by a session-level advisory lock.</summary>
public sealed partial class PostgresAudienceStore : IStoreMaintenance
{
    private const string MaintenanceLockKey = "audience_relay.maintenance";

    public async Task<IAsyncDisposable?> TryLockMaintenanceAsync(CancellationToken cancellationToken) =>
        await PostgresAdvisoryLock.TryAcquireAsync(_lockConnectionString, MaintenanceLockKey, cancellationToken);

    public async Task<int> SweepExpiredAsync(DateTimeOffset createdBefore, DateTimeOffset now, string reason, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var sessions = await ReadIdsAsync(connection, MaintenanceSql.SweepExpired, cancellationToken,
            ("reason", reason), ("no", false), ("now", now.ToUnixTimeMilliseconds()), ("cutoff", createdBefore.ToUnixTimeMilliseconds()), ("limit", (long)limit));
        foreach (var session in sessions.Distinct())
        {
            await ExecuteAsync(connection, MaintenanceSql.PurgeSession, cancellationToken, ("s", session), ("now", now.ToUnixTimeMilliseconds()));
        }

        if (sessions.Count > 0)
        {
            // Sync waiters on every node learn that these deliveries ended.
            await ExecuteAsync(connection, "SELECT pg_notify(@c, '')", cancellationToken, ("c", PostgresNotifications.FinishedChannel));
        }

        await tx.CommitAsync(cancellationToken);
        return sessions.Count;
    }

    public async Task<int> AbandonPrimarySessionsAsync(DateTimeOffset before, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var sessions = await ReadIdsAsync(connection, MaintenanceSql.Abandon, cancellationToken,
            ("now", now.ToUnixTimeMilliseconds()), ("cutoff", before.ToUnixTimeMilliseconds()), ("limit", (long)limit));
        foreach (var session in sessions)
        {
            await ExecuteAsync(connection, MaintenanceSql.DropAbandonedLedger, cancellationToken, ("s", session));
            await ExecuteAsync(connection, MaintenanceSql.KillAbandonedDeliveries, cancellationToken,
                ("s", session), ("reason", "the primary session was abandoned: its batches never all arrived"), ("no", false), ("now", now.ToUnixTimeMilliseconds()));
            await ExecuteAsync(connection, MaintenanceSql.PurgeSession, cancellationToken, ("s", session), ("now", now.ToUnixTimeMilliseconds()));
        }

        await tx.CommitAsync(cancellationToken);
        return sessions.Count;
    }

    public async Task<int> DeleteEndedSessionsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var sessions = await ReadIdsAsync(connection, MaintenanceSql.EndedSessions, cancellationToken, ("cutoff", before.ToUnixTimeMilliseconds()), ("limit", (long)limit));
        var deleted = 0;
        foreach (var session in sessions)
        {
            // Accepting a batch takes this lock first: once it is held, a fresh look tells whether a batch
            // arrived since the pick (then the session is not ended any more and stays).
            await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended('audience_relay.session:' || @s, 0))", cancellationToken,
                ("s", session.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (!await ScalarAsync<bool>(connection, MaintenanceSql.IsEnded, cancellationToken, ("s", session), ("cutoff", before.ToUnixTimeMilliseconds())))
            {
                continue;
            }

            deleted++;
            foreach (var statement in MaintenanceSql.DeleteSession)
            {
                await ExecuteAsync(connection, statement, cancellationToken, ("s", session));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return deleted;
    }

    private static async Task<List<long>> ReadIdsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}

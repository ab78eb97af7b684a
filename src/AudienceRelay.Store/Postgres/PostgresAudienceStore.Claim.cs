using System.Data;
using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{

    /// <summary>
    /// Makes the current transaction commit without waiting for its WAL flush. For lease writes only (claim,
    /// renew): a lease a crash takes back only makes its delivery due again, which it was while in flight,
    /// and the next synchronous commit flushes the WAL up to it anyway. See docs/delivery.md, "Lease writes".
    /// https://www.postgresql.org/docs/current/wal-async-commit.html
    /// </summary>
    private const string LeaseCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    public async Task<IReadOnlyList<DeliveryLease>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await OpenAsync(cancellationToken);
        if (!request.OnePerSession)
        {
            // One round trip: the setting and the lease run in the batch's implicit transaction.
            return await LeaseAsync(connection, request, null, cancellationToken);
        }

        // One delivery per session at a time, across nodes. The gate below reads other deliveries of
        // the session, which a single statement sees as of its start: a lease another node commits
        // meanwhile would be missed. So the claim first takes a transaction-level advisory lock per
        // (instance, session) it wants (skipping sessions another node is claiming right now), and only
        // then, in a second statement with a fresh snapshot, checks the gate and leases.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var sessions = await LockSessionsAsync(connection, request, cancellationToken);
        var leases = sessions.Length == 0 ? [] : await LeaseAsync(connection, request, sessions, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return leases;
    }

    private static async Task<long[]> LockSessionsAsync(NpgsqlConnection connection, ClaimRequest request, CancellationToken cancellationToken)
    {
        // The LIMIT sits in a subquery, so the lock function runs for those candidates only. Prepared (kept
        // on the pooled connection): planning these statements costs more than running them.
        await using var command = Command(connection, $"""
            SELECT w.session_id FROM (
                SELECT DISTINCT q.session_id FROM ({QueueSql.Candidates(gated: true, "d.session_id")} LIMIT @scan) q) w
            WHERE pg_try_advisory_xact_lock(hashtextextended('audience_relay.claim:' || @i || ':' || w.session_id::text, 0))
            """, ("i", request.Instance), ("now", request.Now.ToUnixTimeMilliseconds()), ("scan", request.Limit * 4L));
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(reader.GetInt64(0));
        }

        return [.. sessions];
    }

    private static async Task<IReadOnlyList<DeliveryLease>> LeaseAsync(NpgsqlConnection connection, ClaimRequest request, long[]? sessions, CancellationToken cancellationToken)
    {
        var until = request.Now.Add(request.LeaseDuration);
        var token = Guid.NewGuid();
        // The same gate as the SQLite store (QueueSql), checked again now that the sessions are locked.
        var sessionGate = sessions is null ? string.Empty : "AND d.session_id = ANY(@sessions) " + QueueSql.OrderGate;

        // One statement picks and leases: SKIP LOCKED passes over rows another node is leasing right
        // now, and a row that changed before it was locked is checked again against WHERE, so a
        // delivery is never leased twice. MATERIALIZED makes the pick run once.
        // https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LeaseCommit));
        var lease = new NpgsqlBatchCommand($"""
            WITH picked AS MATERIALIZED (
                SELECT d.delivery_id FROM deliveries d
                WHERE d.instance = @i AND {QueueSql.Open} AND {QueueSql.Due}
                  {sessionGate}
                ORDER BY d.next_attempt_at, d.delivery_id
                LIMIT @limit
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE deliveries u SET state = 'leased', lease_owner = @o, lease_token = @t, lease_until = @u, updated_at = @now
            FROM picked, sessions s, batches b
            WHERE u.delivery_id = picked.delivery_id AND s.session_id = u.session_id AND b.batch_id = u.batch_id
            RETURNING u.delivery_id, u.batch_id, u.instance, u.attempts, u.created_at, u.provider_state, s.audience_name, s.type,
                      s.total_batches, s.total_users, b.sequence, u.session_id, s.batches_seen, u.next_attempt_at
            """);
        lease.Parameters.AddWithValue("i", request.Instance);
        lease.Parameters.AddWithValue("now", request.Now.ToUnixTimeMilliseconds());
        lease.Parameters.AddWithValue("limit", (long)request.Limit);
        lease.Parameters.AddWithValue("o", request.Owner);
        lease.Parameters.AddWithValue("t", token);
        lease.Parameters.AddWithValue("u", until.ToUnixTimeMilliseconds());
        if (sessions is not null)
        {
            lease.Parameters.AddWithValue("sessions", sessions);
        }

        batch.BatchCommands.Add(lease);
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // The first result is the setting's; the leases follow.
        await reader.NextResultAsync(cancellationToken);
        var leases = new List<(long Due, DeliveryLease Lease)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            leases.Add((reader.GetInt64(13), new DeliveryLease
            {
                DeliveryId = reader.GetInt64(0),
                BatchId = reader.GetInt64(1),
                Instance = reader.GetString(2),
                Attempts = reader.GetInt32(3),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                ProviderState = reader.IsDBNull(5) ? null : reader.GetString(5),
                AudienceName = reader.GetString(6),
                Type = StoreFormats.ParseType(reader.GetString(7)),
                Batch = new BatchInfo(reader.GetInt64(11), reader.GetInt64(10), reader.GetInt32(8), reader.GetInt64(9), null),
                BatchesReceived = reader.GetInt32(12),
                LeaseToken = token,
                LeaseUntil = until,
            }));
        }

        // RETURNING has no order: hand the leases out in claim order, as the SQLite store does.
        return [.. leases.OrderBy(l => l.Due).ThenBy(l => l.Lease.DeliveryId).Select(l => l.Lease)];
    }
}

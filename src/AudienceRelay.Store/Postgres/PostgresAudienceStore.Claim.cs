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

    /// <summary>The sessions the gated claim locked, handed from its first statement to its second within the transaction.</summary>
    private const string ClaimedSessions = "audience_relay.claim_sessions";

    public async Task<IReadOnlyList<DeliveryLease>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = request.Now.ToUnixTimeMilliseconds();
        var until = request.Now.Add(request.LeaseDuration);
        var token = Guid.NewGuid();
        await using var connection = await OpenAsync(cancellationToken);

        // One round trip: the statements of a batch run in one implicit transaction (a single Sync), each with
        // a snapshot of its own, and the transaction commits at the end without waiting for its WAL flush.
        // Prepared (kept on the pooled connection): planning these statements costs more than running them.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LeaseCommit));
        var sessionGate = string.Empty;
        if (request.OnePerSession)
        {
            // One delivery per session at a time, across nodes. The gate reads other deliveries of the session,
            // which a single statement sees as of its start: a lease another node commits meanwhile would be
            // missed. So a first statement takes a transaction-level advisory lock per (instance, session) it
            // wants (skipping sessions another node is claiming right now) and records which; only then does
            // the lease statement, with a fresh snapshot, check the gate (QueueSql, as on SQLite) and lease.
            // The LIMIT sits in a subquery, so the lock function runs for those candidates only.
            var lockSessions = new NpgsqlBatchCommand($"""
                SELECT set_config('{ClaimedSessions}', COALESCE(string_agg(w.session_id::text, ','), ''), true) FROM (
                    SELECT DISTINCT q.session_id FROM ({QueueSql.Candidates(gated: true, "d.session_id")} LIMIT @scan) q) w
                WHERE pg_try_advisory_xact_lock(hashtextextended('audience_relay.claim:' || @i || ':' || w.session_id::text, 0))
                """);
            lockSessions.Parameters.AddWithValue("i", request.Instance);
            lockSessions.Parameters.AddWithValue("now", now);
            lockSessions.Parameters.AddWithValue("scan", request.Limit * 4L);
            batch.BatchCommands.Add(lockSessions);
            sessionGate = $"AND d.session_id = ANY(string_to_array(NULLIF(current_setting('{ClaimedSessions}'), ''), ',')::bigint[]) {QueueSql.OrderGate}";
        }

        // One statement picks and leases: SKIP LOCKED passes over rows another node is leasing right
        // now, and a row that changed before it was locked is checked again against WHERE, so a
        // delivery is never leased twice. MATERIALIZED makes the pick run once.
        // https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
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
        lease.Parameters.AddWithValue("now", now);
        lease.Parameters.AddWithValue("limit", (long)request.Limit);
        lease.Parameters.AddWithValue("o", request.Owner);
        lease.Parameters.AddWithValue("t", token);
        lease.Parameters.AddWithValue("u", until.ToUnixTimeMilliseconds());
        batch.BatchCommands.Add(lease);
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // The setting's result, and the locks' when gated; the leases follow.
        for (var skip = 1; skip < batch.BatchCommands.Count; skip++)
        {
            await reader.NextResultAsync(cancellationToken);
        }

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

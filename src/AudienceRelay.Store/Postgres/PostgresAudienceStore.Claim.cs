using System.Data;
using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{
    private const string Due = "((c.state = 'pending' AND c.next_attempt_at <= @now) OR (c.state = 'leased' AND c.lease_until <= @now))";
    private const string NoLiveLease = """
        NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.session_id = c.session_id AND o.instance = c.instance
                    AND o.state = 'leased' AND o.lease_until > @now)
        """;

    public async Task<IReadOnlyList<DeliveryLease>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await OpenAsync(cancellationToken);
        if (!request.OnePerSession)
        {
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
        // The LIMIT sits in a subquery, so the lock function runs for those candidates only.
        await using var command = Command(connection, $"""
            SELECT w.session_id FROM (
                SELECT DISTINCT q.session_id FROM (
                    SELECT c.session_id FROM deliveries c
                    WHERE c.instance = @i AND {Due} AND {NoLiveLease}
                    ORDER BY c.next_attempt_at, c.delivery_id
                    LIMIT @scan) q) w
            WHERE pg_try_advisory_xact_lock(hashtextextended('audience_relay.claim:' || @i || ':' || w.session_id::text, 0))
            """, ("i", request.Instance), ("now", request.Now.ToUnixTimeMilliseconds()), ("scan", request.Limit * 4L));
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
        // Same gate as the SQLite store: skip a session with a live lease at this instance, and take
        // only its oldest due delivery.
        var sessionGate = sessions is null
            ? string.Empty
            : $"""
              AND c.session_id = ANY(@sessions) AND {NoLiveLease}
              AND c.delivery_id = (SELECT MIN(x.delivery_id) FROM deliveries x WHERE x.session_id = c.session_id AND x.instance = c.instance
                              AND ((x.state = 'pending' AND x.next_attempt_at <= @now) OR (x.state = 'leased' AND x.lease_until <= @now)))
              """;

        // One statement picks and leases: SKIP LOCKED passes over rows another node is leasing right
        // now, and a row that changed before it was locked is checked again against WHERE, so a
        // delivery is never leased twice. MATERIALIZED makes the pick run once.
        // https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
        await using var command = Command(connection, $"""
            WITH picked AS MATERIALIZED (
                SELECT c.delivery_id FROM deliveries c
                WHERE c.instance = @i AND {Due}
                  {sessionGate}
                ORDER BY c.next_attempt_at, c.delivery_id
                LIMIT @limit
                FOR UPDATE OF c SKIP LOCKED)
            UPDATE deliveries d SET state = 'leased', lease_owner = @o, lease_token = @t, lease_until = @u, updated_at = @now
            FROM picked, sessions s, batches b
            WHERE d.delivery_id = picked.delivery_id AND s.session_id = d.session_id AND b.batch_id = d.batch_id
            RETURNING d.delivery_id, d.batch_id, d.instance, d.attempts, d.created_at, d.provider_state, s.audience_name, s.type,
                      s.total_batches, s.total_users, b.sequence, d.session_id, s.batches_seen, d.next_attempt_at
            """,
            ("i", request.Instance), ("now", request.Now.ToUnixTimeMilliseconds()), ("limit", (long)request.Limit), ("o", request.Owner),
            ("t", token), ("u", until.ToUnixTimeMilliseconds()), ("sessions", sessions ?? []));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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

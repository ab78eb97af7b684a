using System.Data;
using AudienceRelay.Store.Queue;
using Npgsql;
using NpgsqlTypes;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{
    public async Task<bool> RenewLeaseAsync(long deliveryId, Guid leaseToken, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        // A lease write, as the claim: no wait for the WAL flush (LeaseCommit), in one round trip.
        await using var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LeaseCommit));
        var renew = new NpgsqlBatchCommand("UPDATE deliveries SET lease_until = @u WHERE delivery_id = @d AND lease_token = @t AND state = 'leased'");
        renew.Parameters.AddWithValue("u", leaseUntil.ToUnixTimeMilliseconds());
        renew.Parameters.AddWithValue("d", deliveryId);
        renew.Parameters.AddWithValue("t", leaseToken);
        batch.BatchCommands.Add(renew);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return renew.RecordsAffected == 1;
    }

    public async Task<bool> SaveProviderStateAsync(long deliveryId, Guid leaseToken, string providerState, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            UPDATE deliveries SET provider_state = @p WHERE delivery_id = @d AND lease_token = @t AND state = 'leased'
            """, ("p", providerState), ("d", deliveryId), ("t", leaseToken));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> CompleteAsync(long deliveryId, Guid leaseToken, DeliveryResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = result.Now.ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

        // The last delivery of a batch to end purges its payload. Two deliveries of one batch ending at
        // once on two nodes would each still see the other open and neither would purge, so completions
        // of one batch take turns on the batch row; whoever comes second reads the first one's commit.
        await ExecuteAsync(connection, """
            SELECT 1 FROM batches WHERE batch_id = (SELECT batch_id FROM deliveries WHERE delivery_id = @d) FOR NO KEY UPDATE
            """, cancellationToken, ("d", deliveryId));

        // A delivery written back as waiting for its session is due at once when the session is complete by now:
        // its last batch may have arrived while it was leased, when the accept's wake-up could not reach it. The
        // session row is read under a share lock, so an accept still in progress commits first and is counted.
        if (result.WaitingForSession)
        {
            await ExecuteAsync(connection, """
                SELECT 1 FROM sessions WHERE session_id = (SELECT session_id FROM deliveries WHERE delivery_id = @d) FOR SHARE
                """, cancellationToken, ("d", deliveryId));
        }

        // Fenced: only the holder of the current lease writes. The NOTIFYs go out at commit: sync waiters
        // re-read the batch, and when the session has more to send another node may claim the next one.
        long? batchId = null;
        await using (var command = Command(connection, """
            WITH done AS (
                UPDATE deliveries SET state = @state, attempts = @a,
                  next_attempt_at = CASE WHEN @w AND (SELECT s.batches_seen >= s.total_batches FROM sessions s WHERE s.session_id = deliveries.session_id)
                    THEN @now ELSE COALESCE(@next, next_attempt_at) END,
                  last_error = @err, users_sent = COALESCE(@sent, users_sent), users_skipped = COALESCE(@skipped, users_skipped),
                  skipped_reasons = COALESCE(@reasons, skipped_reasons), platform_counts = COALESCE(@counts, platform_counts),
                  audience_id = COALESCE(@aud, audience_id), provider_state = COALESCE(@ps, provider_state), waiting = @w,
                  lease_owner = NULL, lease_token = NULL, lease_until = NULL, updated_at = @now,
                  finished_at = CASE WHEN @state IN ('succeeded', 'failed', 'dead') THEN @now ELSE NULL END
                WHERE delivery_id = @d AND lease_token = @t AND state = 'leased'
                RETURNING batch_id, session_id, instance, state, next_attempt_at)
            SELECT done.batch_id, pg_notify(@finished, done.batch_id::text),
                   CASE WHEN EXISTS (SELECT 1 FROM deliveries o WHERE o.session_id = done.session_id AND o.instance = done.instance
                                     AND o.delivery_id <> @d AND o.state = 'pending')
                          OR (done.state = 'pending' AND done.next_attempt_at <= @now)
                        THEN pg_notify(@queue, done.instance) END
            FROM done
            """,
            ("state", result.State.ToText()), ("a", result.Attempts), ("next", Typed("next", NpgsqlDbType.Bigint, result.NextAttemptAt?.ToUnixTimeMilliseconds())),
            ("err", Typed("err", NpgsqlDbType.Text, result.LastError)), ("sent", Typed("sent", NpgsqlDbType.Integer, result.UsersSent)),
            ("skipped", Typed("skipped", NpgsqlDbType.Integer, result.UsersSkipped)), ("reasons", Typed("reasons", NpgsqlDbType.Text, result.SkippedReasons)),
            ("counts", Typed("counts", NpgsqlDbType.Text, result.PlatformCounts)), ("aud", Typed("aud", NpgsqlDbType.Text, result.AudienceId)),
            ("ps", Typed("ps", NpgsqlDbType.Text, result.ProviderState)), ("w", result.WaitingForSession), ("now", now), ("d", deliveryId), ("t", leaseToken),
            ("finished", PostgresNotifications.FinishedChannel), ("queue", PostgresNotifications.QueueChannel)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                batchId = reader.GetInt64(0);
            }
        }

        if (batchId is null)
        {
            return false;
        }

        // Personal data does not outlive its use: once no delivery of the batch can run again, the
        // payload goes (the counts and states stay for the status page). A primary session's payloads
        // stay until no delivery of the whole session is open, because a replace that the platform
        // abandoned (or Google's one-job replace) is sent again from the session's first batch.
        await ExecuteAsync(connection, """
            UPDATE batches SET payload = NULL, purged_at = @now
            WHERE payload IS NOT NULL AND (
              (batch_id = @b
                AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = batches.session_id AND s.type = 'primary')
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.batch_id = @b AND d.state IN ('pending', 'leased')))
              OR (session_id = (SELECT session_id FROM batches WHERE batch_id = @b)
                AND EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = batches.session_id AND s.type = 'primary')
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.session_id = batches.session_id AND d.state IN ('pending', 'leased'))))
            """, cancellationToken, ("b", batchId.Value), ("now", now));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> ReleaseAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // For a single node's restart only: with several nodes the leases of live nodes are theirs, and a
        // dead node's leases are taken over when they expire. The server calls this on SQLite alone.
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using var command = Command(connection, """
            UPDATE deliveries SET state = 'pending', lease_owner = NULL, lease_token = NULL, lease_until = NULL,
              next_attempt_at = LEAST(next_attempt_at, @now), updated_at = @now
            WHERE state = 'leased'
            """, ("now", now.ToUnixTimeMilliseconds()));
        var released = await command.ExecuteNonQueryAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_notify(@c, '')", cancellationToken, ("c", PostgresNotifications.QueueChannel));
        await tx.CommitAsync(cancellationToken);
        return released;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT MIN(CASE WHEN state = 'pending' THEN next_attempt_at ELSE lease_until END) FROM deliveries WHERE state IN ('pending', 'leased')
            """);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}

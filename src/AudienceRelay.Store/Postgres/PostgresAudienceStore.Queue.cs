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
        var renew = new NpgsqlBatchCommand(DeliverySql.RenewLease);
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
        await using var command = Command(connection, DeliverySql.SaveProviderState, ("p", providerState), ("d", deliveryId), ("t", leaseToken));
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

        // A delivery written back as waiting for its session is due at once when the session is complete by now
        // (DeliverySql.Complete). The session row is read under a share lock, so an accept still in progress
        // commits first and is counted.
        if (result.WaitingForSession)
        {
            await ExecuteAsync(connection, """
                SELECT 1 FROM sessions WHERE session_id = (SELECT session_id FROM deliveries WHERE delivery_id = @d) FOR SHARE
                """, cancellationToken, ("d", deliveryId));
        }

        // Fenced: only the holder of the current lease writes. The NOTIFYs go out at commit: sync waiters
        // re-read the batch, and when the session has more to send another node may claim the next one.
        long? batchId = null;
        await using (var command = Command(connection, $"""
            WITH done AS (
                {DeliverySql.Complete}
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

        await ExecuteAsync(connection, DeliverySql.PurgeAfterCompletion, cancellationToken, ("b", batchId.Value), ("now", now));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> ReleaseAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // For a single node's restart only: with several nodes the leases of live nodes are theirs, and a
        // dead node's leases are taken over when they expire. The server calls this on SQLite alone.
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using var command = Command(connection, DeliverySql.ReleaseAllLeases(SqlDialect.Postgres), ("now", now.ToUnixTimeMilliseconds()));
        var released = await command.ExecuteNonQueryAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_notify(@c, '')", cancellationToken, ("c", PostgresNotifications.QueueChannel));
        await tx.CommitAsync(cancellationToken);
        return released;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, DeliverySql.NextDue);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

public sealed partial class SqliteAudienceStore
{
    public async Task<IReadOnlyList<DeliveryLease>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = request.Now.ToUnixTimeMilliseconds();
        var until = request.Now.Add(request.LeaseDuration);
        var token = Guid.NewGuid();
        // A lease write: it commits without a sync of its own (docs/delivery.md, "Lease writes").
        await using var connection = await OpenAsync(durable: false, cancellationToken);

        // One statement picks and leases (an IMMEDIATE transaction of its own): the pick reads the partial
        // indexes over open deliveries, so the write lock is held for the open work only.
        await using var update = Command(connection, null, $"""
            UPDATE deliveries SET state = 'leased', lease_owner = @o, lease_token = @t, lease_until = @u, updated_at = @now
            WHERE delivery_id IN ({QueueSql.Candidates(request.OnePerSession)} LIMIT @limit)
            RETURNING delivery_id, batch_id, instance, attempts, created_at, provider_state,
              (SELECT s.audience_name FROM sessions s WHERE s.session_id = deliveries.session_id),
              (SELECT s.type FROM sessions s WHERE s.session_id = deliveries.session_id),
              (SELECT s.total_batches FROM sessions s WHERE s.session_id = deliveries.session_id),
              (SELECT s.total_users FROM sessions s WHERE s.session_id = deliveries.session_id),
              (SELECT b.sequence FROM batches b WHERE b.batch_id = deliveries.batch_id),
              session_id,
              (SELECT s.batches_seen FROM sessions s WHERE s.session_id = deliveries.session_id),
              next_attempt_at
            """,
            ("i", request.Instance), ("now", now), ("limit", request.Limit), ("o", request.Owner), ("t", token.ToString()), ("u", until.ToUnixTimeMilliseconds()));
        var leases = new List<(long Due, DeliveryLease Lease)>();
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
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

        // RETURNING has no order: hand the leases out in claim order.
        return [.. leases.OrderBy(l => l.Due).ThenBy(l => l.Lease.DeliveryId).Select(l => l.Lease)];
    }

    public async Task<bool> RenewLeaseAsync(long deliveryId, Guid leaseToken, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: false, cancellationToken);
        await using var command = Command(connection, null, DeliverySql.RenewLease, ("u", leaseUntil.ToUnixTimeMilliseconds()), ("d", deliveryId), ("t", leaseToken.ToString()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SaveProviderStateAsync(long deliveryId, Guid leaseToken, string providerState, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, DeliverySql.SaveProviderState, ("p", providerState), ("d", deliveryId), ("t", leaseToken.ToString()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> CompleteAsync(long deliveryId, Guid leaseToken, DeliveryResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = result.Now.ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        long? batchId;

        await using (var command = Command(connection, tx, DeliverySql.Complete + " RETURNING batch_id",
            ("state", result.State.ToText()), ("a", result.Attempts), ("next", result.NextAttemptAt?.ToUnixTimeMilliseconds()),
            ("err", result.LastError), ("sent", result.UsersSent), ("skipped", result.UsersSkipped), ("reasons", result.SkippedReasons),
            ("counts", result.PlatformCounts), ("aud", result.AudienceId), ("ps", result.ProviderState), ("w", result.WaitingForSession),
            ("now", now), ("d", deliveryId), ("t", leaseToken.ToString())))
        {
            batchId = (long?)await command.ExecuteScalarAsync(cancellationToken);
        }

        if (batchId is null)
        {
            return false;
        }

        await ExecuteAsync(connection, tx, DeliverySql.PurgeAfterCompletion, cancellationToken, ("b", batchId), ("now", now));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> ReleaseAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, DeliverySql.ReleaseAllLeases(SqlDialect.Sqlite), ("now", now.ToUnixTimeMilliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, DeliverySql.NextDue);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}

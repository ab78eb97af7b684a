using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

public sealed partial class SqliteAudienceStore
{
    public async Task<SessionRecord?> GetSessionAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        SessionRecord? session;
        await using (var command = Command(connection, null, StatusSql.Session, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            session = StatusRows.Session(reader, sessionId);
        }

        var deliveries = new List<DeliveryRecord>();
        await using (var command = Command(connection, null, StatusSql.SessionDeliveries, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                deliveries.Add(StatusRows.Delivery(reader));
            }
        }

        var byBatch = deliveries.ToLookup(d => d.BatchId);
        var batches = new List<BatchRecord>();
        await using (var command = Command(connection, null, StatusSql.SessionBatches, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                batches.Add(StatusRows.Batch(reader, byBatch));
            }
        }

        return session with { Batches = batches };
    }

    public async Task<IReadOnlyList<DeliveryRecord>> GetBatchDeliveriesAsync(long batchId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, StatusSql.BatchDeliveries(SqlDialect.Sqlite), ("b", batchId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<DeliveryRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(StatusRows.Delivery(reader));
        }

        return list;
    }

    public async Task<IReadOnlyList<QueueCount>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, StatusSql.CountByState(SqlDialect.Sqlite));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<QueueCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new QueueCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return list;
    }

}

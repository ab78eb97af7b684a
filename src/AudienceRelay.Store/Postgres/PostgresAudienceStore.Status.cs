using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{
    public async Task<SessionRecord?> GetSessionAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        SessionRecord? session;
        await using (var command = Command(connection, StatusSql.Session, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            session = StatusRows.Session(reader, sessionId);
        }

        var deliveries = await ReadDeliveriesAsync(connection, StatusSql.SessionDeliveries, ("s", sessionId), cancellationToken);
        var byBatch = deliveries.ToLookup(d => d.BatchId);
        var batches = new List<BatchRecord>();
        await using (var command = Command(connection, StatusSql.SessionBatches, ("s", sessionId)))
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
        return await ReadDeliveriesAsync(connection, StatusSql.BatchDeliveries(SqlDialect.Postgres), ("b", batchId), cancellationToken);
    }

    public async Task<IReadOnlyList<QueueCount>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, StatusSql.CountByState(SqlDialect.Postgres));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<QueueCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new QueueCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return list;
    }

    private static async Task<List<DeliveryRecord>> ReadDeliveriesAsync(NpgsqlConnection connection, string sql, (string Name, object? Value) parameter, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<DeliveryRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(StatusRows.Delivery(reader));
        }

        return list;
    }

}

using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{
    public async Task<SessionStatus?> GetSessionAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        SessionStatus? session;
        await using (var command = Command(connection, $"""
            SELECT {StatusRows.SessionColumns} FROM sessions WHERE session_id = @s
            """, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            session = StatusRows.Session(reader, sessionId);
        }

        var deliveries = await ReadDeliveriesAsync(connection, $"SELECT {StatusRows.DeliveryColumns} FROM deliveries WHERE session_id = @s ORDER BY delivery_id", ("s", sessionId), cancellationToken);
        var byBatch = deliveries.ToLookup(d => d.BatchId);
        var batches = new List<BatchStatus>();
        await using (var command = Command(connection, $"""
            SELECT {StatusRows.BatchColumns} FROM batches WHERE session_id = @s ORDER BY sequence
            """, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                batches.Add(StatusRows.Batch(reader, byBatch));
            }
        }

        return session with { Batches = batches };
    }

    public async Task<IReadOnlyList<DeliveryStatus>> GetBatchDeliveriesAsync(long batchId, CancellationToken cancellationToken)
    {
        // COLLATE "C" orders by bytes, as SQLite does, whatever the database's own collation is.
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadDeliveriesAsync(connection, $"SELECT {StatusRows.DeliveryColumns} FROM deliveries WHERE batch_id = @b ORDER BY instance COLLATE \"C\"", ("b", batchId), cancellationToken);
    }

    public async Task<IReadOnlyList<QueueCount>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT instance, state, COUNT(*) FROM deliveries GROUP BY instance, state ORDER BY instance COLLATE "C", state COLLATE "C"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<QueueCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new QueueCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return list;
    }

    private static async Task<List<DeliveryStatus>> ReadDeliveriesAsync(NpgsqlConnection connection, string sql, (string Name, object? Value) parameter, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<DeliveryStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(StatusRows.Delivery(reader));
        }

        return list;
    }

}

using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{
    private const string DeliveryColumns = """
        delivery_id, batch_id, instance, state, attempts, next_attempt_at, last_error, users_sent, users_skipped,
        skipped_reasons, platform_counts, audience_id, updated_at
        """;

    public async Task<SessionStatus?> GetSessionAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        SessionStatus? session;
        await using (var command = Command(connection, """
            SELECT name, audience_name, type, total_batches, total_users, batches_seen, sequence_base, created_at FROM sessions WHERE session_id = @s
            """, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            session = new SessionStatus
            {
                SessionId = sessionId,
                Name = reader.GetString(0),
                AudienceName = reader.GetString(1),
                Type = reader.GetString(2),
                TotalBatches = reader.GetInt32(3),
                TotalUsers = reader.GetInt64(4),
                BatchesReceived = reader.GetInt32(5),
                SequenceBase = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                Complete = reader.GetInt32(5) >= reader.GetInt32(3),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                Batches = [],
            };
        }

        var deliveries = await ReadDeliveriesAsync(connection, $"SELECT {DeliveryColumns} FROM deliveries WHERE session_id = @s ORDER BY delivery_id", ("s", sessionId), cancellationToken);
        var byBatch = deliveries.ToLookup(d => d.BatchId);
        var batches = new List<BatchStatus>();
        await using (var command = Command(connection, """
            SELECT batch_id, sequence, user_count, skipped_count, skipped_reasons, created_at, payload IS NULL FROM batches WHERE session_id = @s ORDER BY sequence
            """, ("s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var batchId = reader.GetInt64(0);
                batches.Add(new BatchStatus
                {
                    BatchId = batchId,
                    Sequence = reader.GetInt64(1),
                    Users = reader.GetInt32(2),
                    Skipped = reader.GetInt32(3),
                    SkippedReasons = StoreFormats.ParseReasons(reader.GetString(4)),
                    ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    PayloadPurged = reader.GetBoolean(6),
                    Deliveries = byBatch[batchId].ToList(),
                });
            }
        }

        return session with { Batches = batches };
    }

    public async Task<IReadOnlyList<DeliveryStatus>> GetBatchDeliveriesAsync(long batchId, CancellationToken cancellationToken)
    {
        // COLLATE "C" orders by bytes, as SQLite does, whatever the database's own collation is.
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadDeliveriesAsync(connection, $"SELECT {DeliveryColumns} FROM deliveries WHERE batch_id = @b ORDER BY instance COLLATE \"C\"", ("b", batchId), cancellationToken);
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
            list.Add(ReadDelivery(reader));
        }

        return list;
    }

    private static DeliveryStatus ReadDelivery(NpgsqlDataReader reader) => new()
    {
        DeliveryId = reader.GetInt64(0),
        BatchId = reader.GetInt64(1),
        Instance = reader.GetString(2),
        State = DeliveryStates.Parse(reader.GetString(3)),
        Attempts = reader.GetInt32(4),
        NextAttemptAt = reader.GetString(3) == DeliveryStates.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)) : null,
        LastError = reader.IsDBNull(6) ? null : reader.GetString(6),
        UsersSent = reader.IsDBNull(7) ? null : reader.GetInt32(7),
        UsersSkipped = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        SkippedReasons = StoreFormats.ParseJson(reader.IsDBNull(9) ? null : reader.GetString(9)),
        PlatformCounts = StoreFormats.ParseJson(reader.IsDBNull(10) ? null : reader.GetString(10)),
        AudienceId = reader.IsDBNull(11) ? null : reader.GetString(11),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
    };
}

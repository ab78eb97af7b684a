using System.Text.Json;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

public sealed partial class SqliteAudienceStore
{
    private const string DeliveryColumns = """
        delivery_id, batch_id, instance, state, attempts, next_attempt_at, last_error, users_sent, users_skipped,
        skipped_reasons, platform_counts, audience_id, updated_at
        """;

    public async Task<SessionStatus?> GetSessionAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        SessionStatus? session;
        await using (var command = Command(connection, null, """
            SELECT name, audience_name, type, total_batches, total_users, batches_seen, sequence_base, created_at FROM sessions WHERE session_id = $s
            """, ("$s", sessionId)))
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

        var deliveries = new List<DeliveryStatus>();
        await using (var command = Command(connection, null, $"SELECT {DeliveryColumns} FROM deliveries WHERE session_id = $s ORDER BY delivery_id", ("$s", sessionId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                deliveries.Add(ReadDelivery(reader));
            }
        }

        var byBatch = deliveries.ToLookup(d => d.BatchId);
        var batches = new List<BatchStatus>();
        await using (var command = Command(connection, null, """
            SELECT batch_id, sequence, user_count, skipped_count, skipped_reasons, created_at, payload IS NULL FROM batches WHERE session_id = $s ORDER BY sequence
            """, ("$s", sessionId)))
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
                    SkippedReasons = ParseReasons(reader.GetString(4)),
                    ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    PayloadPurged = reader.GetInt64(6) != 0,
                    Deliveries = byBatch[batchId].ToList(),
                });
            }
        }

        return session with { Batches = batches };
    }

    public async Task<IReadOnlyList<DeliveryStatus>> GetBatchDeliveriesAsync(long batchId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {DeliveryColumns} FROM deliveries WHERE batch_id = $b ORDER BY instance", ("$b", batchId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<DeliveryStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadDelivery(reader));
        }

        return list;
    }

    public async Task<IReadOnlyList<QueueCount>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT instance, state, COUNT(*) FROM deliveries GROUP BY instance, state ORDER BY instance, state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<QueueCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new QueueCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return list;
    }

    private static DeliveryStatus ReadDelivery(SqliteDataReader reader) => new()
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
        SkippedReasons = reader.IsDBNull(9) ? null : JsonDocument.Parse(reader.GetString(9)).RootElement.Clone(),
        PlatformCounts = reader.IsDBNull(10) ? null : JsonDocument.Parse(reader.GetString(10)).RootElement.Clone(),
        AudienceId = reader.IsDBNull(11) ? null : reader.GetString(11),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
    };
}

using System.Data.Common;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Store.Status;

/// <summary>
/// Turns status rows into <see cref="SessionRecord"/>, <see cref="BatchRecord"/> and <see cref="DeliveryRecord"/>, for
/// every engine alike. Each engine selects the columns in the order given by <see cref="SessionColumns"/>,
/// <see cref="BatchColumns"/> and <see cref="DeliveryColumns"/>.
/// </summary>
internal static class StatusRows
{
    public const string SessionColumns = "name, audience_name, type, total_batches, total_users, batches_seen, sequence_base, created_at";

    public const string BatchColumns = "batch_id, sequence, user_count, skipped_count, skipped_reasons, created_at, payload IS NULL";

    public const string DeliveryColumns = """
        delivery_id, batch_id, instance, state, attempts, next_attempt_at, last_error, users_sent, users_skipped,
        skipped_reasons, platform_counts, audience_id, updated_at, waiting
        """;

    /// <summary>The session row, without its batches (the caller adds them).</summary>
    public static SessionRecord Session(DbDataReader reader, long sessionId) => new(
        SessionId: sessionId,
        Name: reader.GetString(0),
        AudienceName: reader.GetString(1),
        Type: reader.GetString(2),
        TotalBatches: reader.GetInt32(3),
        TotalUsers: reader.GetInt64(4),
        BatchesReceived: reader.GetInt32(5),
        SequenceBase: reader.IsDBNull(6) ? null : reader.GetInt32(6),
        CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        Batches: []);

    public static BatchRecord Batch(DbDataReader reader, ILookup<long, DeliveryRecord> deliveries)
    {
        var batchId = reader.GetInt64(0);
        return new BatchRecord(
            BatchId: batchId,
            Sequence: reader.GetInt64(1),
            Users: reader.GetInt32(2),
            Skipped: reader.GetInt32(3),
            SkippedReasons: StoreFormats.ParseReasons(reader.GetString(4)),
            ReceivedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            // SQLite answers "payload IS NULL" with 0/1, PostgreSQL with a boolean.
            PayloadPurged: Convert.ToBoolean(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
            Deliveries: deliveries[batchId].ToList());
    }

    public static DeliveryRecord Delivery(DbDataReader reader)
    {
        var pending = reader.GetString(3) == DeliveryStates.Pending;
        return new DeliveryRecord(
            DeliveryId: reader.GetInt64(0),
            BatchId: reader.GetInt64(1),
            Instance: reader.GetString(2),
            State: DeliveryStates.Parse(reader.GetString(3)),
            Attempts: reader.GetInt32(4),
            NextAttemptAt: pending ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)) : null,
            LastError: reader.IsDBNull(6) ? null : reader.GetString(6),
            UsersSent: reader.IsDBNull(7) ? null : reader.GetInt32(7),
            UsersSkipped: reader.IsDBNull(8) ? null : reader.GetInt32(8),
            SkippedReasons: reader.IsDBNull(9) ? null : reader.GetString(9),
            PlatformCounts: reader.IsDBNull(10) ? null : reader.GetString(10),
            AudienceId: reader.IsDBNull(11) ? null : reader.GetString(11),
            UpdatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
            // SQLite stores the flag as 0/1, PostgreSQL as a boolean.
            WaitingForSession: pending && Convert.ToBoolean(reader.GetValue(13), System.Globalization.CultureInfo.InvariantCulture));
    }
}

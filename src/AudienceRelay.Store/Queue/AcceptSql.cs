namespace AudienceRelay.Store.Queue;

/// <summary>Accepting a batch, written once for both engines (<c>@name</c> parameters; the session lock is each engine's).</summary>
internal static class AcceptSql
{
    public const string FindBatch = """
        SELECT batch_id, content_hash, user_count, skipped_count, skipped_reasons, instances FROM batches WHERE session_id = @s AND sequence = @q
        """;

    public const string ReadSession = """
        SELECT name, type, disable_prefix, total_batches, batches_seen, sequence_base FROM sessions WHERE session_id = @s
        """;

    public const string UpdateSession = """
        UPDATE sessions SET batches_seen = batches_seen + 1, sequence_base = @base, total_users = @tu, updated_at = @now WHERE session_id = @s
        """;

    /// <summary>
    /// <c>@b</c> is the batch id drawn beforehand (PostgreSQL), or null for the next one (SQLite); <c>@p</c> the sealed
    /// payload, or null when it is sealed once the id is known (<see cref="SealPayload"/>).
    /// </summary>
    public const string InsertBatch = """
        INSERT INTO batches (batch_id, session_id, sequence, content_hash, user_count, skipped_count, skipped_reasons, instances, payload, created_at)
        VALUES (@b, @s, @q, @h, @u, @k, @r, @i, @p, @now) RETURNING batch_id
        """;

    /// <summary>The payload sealed under a key bound to its row.</summary>
    public const string SealPayload = "UPDATE batches SET payload = @p WHERE batch_id = @b";

    /// <summary>One delivery per instance (<c>@i</c>), in the order the instances are configured.</summary>
    public const string InsertDelivery = """
        INSERT INTO deliveries (batch_id, session_id, instance, state, attempts, next_attempt_at, created_at, updated_at)
        VALUES (@b, @s, @i, 'pending', 0, @now, @now, @now)
        """;

    /// <summary>Deliveries of the session that were waiting for more batches get another look now (<c>@yes</c>: true).</summary>
    public const string WakeWaiting = """
        UPDATE deliveries SET next_attempt_at = @now WHERE session_id = @s AND state = 'pending' AND next_attempt_at > @now AND waiting = @yes
        """;

    public static string InsertSession(SqlDialect dialect) => $"""
        INSERT INTO sessions (session_id, name, audience_name, type, disable_prefix, total_batches, total_users, batches_seen, sequence_base, created_at, updated_at, arrival)
        VALUES (@s, @name, @aname, @type, @dp, @tb, @tu, 1, @base, @now, @now, {dialect.NextArrival})
        """;
}

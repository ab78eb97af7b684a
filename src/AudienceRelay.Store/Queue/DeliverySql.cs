namespace AudienceRelay.Store.Queue;

/// <summary>
/// A delivery's life after the claim (QueueSql), written once for both engines (<c>@name</c> parameters). Every
/// write-back is fenced: only the holder of the current lease token (<c>@t</c>) writes.
/// </summary>
internal static class DeliverySql
{
    public const string RenewLease = "UPDATE deliveries SET lease_until = @u WHERE delivery_id = @d AND lease_token = @t AND state = 'leased'";

    public const string SaveProviderState = "UPDATE deliveries SET provider_state = @p WHERE delivery_id = @d AND lease_token = @t AND state = 'leased'";

    public const string ReadPayload = "SELECT payload FROM batches WHERE batch_id = @b";

    /// <summary>
    /// The outcome written back (no RETURNING: each engine adds its own). A delivery written back as waiting for its
    /// session (<c>@w</c>) is due at once when the session is complete by now: its last batch may have arrived while
    /// it was leased, when the accept's wake-up could not reach it.
    /// </summary>
    public const string Complete = """
        UPDATE deliveries SET state = @state, attempts = @a,
          next_attempt_at = CASE WHEN @w AND (SELECT s.batches_seen >= s.total_batches FROM sessions s WHERE s.session_id = deliveries.session_id)
            THEN @now ELSE COALESCE(@next, next_attempt_at) END,
          last_error = @err, users_sent = COALESCE(@sent, users_sent), users_skipped = COALESCE(@skipped, users_skipped),
          skipped_reasons = COALESCE(@reasons, skipped_reasons), platform_counts = COALESCE(@counts, platform_counts),
          audience_id = COALESCE(@aud, audience_id), provider_state = COALESCE(@ps, provider_state), waiting = @w,
          lease_owner = NULL, lease_token = NULL, lease_until = NULL, updated_at = @now,
          finished_at = CASE WHEN @state IN ('succeeded', 'failed', 'dead') THEN @now ELSE NULL END
        WHERE delivery_id = @d AND lease_token = @t AND state = 'leased'
        """;

    /// <summary>
    /// Personal data does not outlive its use: once no delivery of batch <c>@b</c> can run again, its payload goes
    /// (the counts and states stay for the status page). A primary session's payloads stay until no delivery of the
    /// whole session is open, because a replace that the platform abandoned (or Google's one-job replace) is sent
    /// again from the session's first batch.
    /// </summary>
    public const string PurgeAfterCompletion = """
        UPDATE batches SET payload = NULL, purged_at = @now
        WHERE payload IS NOT NULL AND (
          (batch_id = @b
            AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = batches.session_id AND s.type = 'primary')
            AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.batch_id = @b AND d.state IN ('pending', 'leased')))
          OR (session_id = (SELECT session_id FROM batches WHERE batch_id = @b)
            AND EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = batches.session_id AND s.type = 'primary')
            AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.session_id = batches.session_id AND d.state IN ('pending', 'leased'))))
        """;

    public const string NextDue = """
        SELECT MIN(CASE WHEN state = 'pending' THEN next_attempt_at ELSE lease_until END) FROM deliveries WHERE state IN ('pending', 'leased')
        """;

    public const string CountOpenInSession = """
        SELECT COUNT(*) FROM deliveries
        WHERE session_id = @s AND instance = @i AND delivery_id <> @d AND state IN ('pending', 'leased')
        """;

    public const string AnyEndedUnsuccessfullyInSession = """
        SELECT EXISTS (SELECT 1 FROM deliveries
                       WHERE session_id = @s AND instance = @i AND delivery_id <> @d AND state IN ('failed', 'dead'))
        """;

    /// <summary>Meta's batch_seq counters: a range of <c>@c</c> numbers per (session, instance), disjoint under concurrency.</summary>
    public const string ReserveSessionSequence = """
        INSERT INTO provider_sessions AS p (session_id, instance, next_seq) VALUES (@s, @i, 1 + @c)
        ON CONFLICT (session_id, instance) DO UPDATE SET next_seq = p.next_seq + @c
        RETURNING next_seq
        """;

    /// <summary>Every lease handed back at once (one node's restart).</summary>
    public static string ReleaseAllLeases(SqlDialect dialect) => $"""
        UPDATE deliveries SET state = 'pending', lease_owner = NULL, lease_token = NULL, lease_until = NULL,
          next_attempt_at = {dialect.Least}(next_attempt_at, @now), updated_at = @now
        WHERE state = 'leased'
        """;
}

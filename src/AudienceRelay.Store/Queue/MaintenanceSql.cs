namespace AudienceRelay.Store.Queue;

/// <summary>The sweeper's and retention's statements, written once for both engines (<c>@name</c> parameters).</summary>
internal static class MaintenanceSql
{
    /// <summary>Old deliveries nobody finished: pending, or leased by a worker whose lease ran out.</summary>
    public const string SweepExpired = """
        UPDATE deliveries SET state = 'dead', last_error = @reason, lease_owner = NULL, lease_token = NULL, lease_until = NULL,
          waiting = @no, updated_at = @now, finished_at = @now
        WHERE delivery_id IN (
          SELECT d.delivery_id FROM deliveries d
          WHERE d.state IN ('pending', 'leased') AND d.created_at < @cutoff AND (d.state = 'pending' OR d.lease_until <= @now)
          ORDER BY d.delivery_id LIMIT @limit)
        RETURNING session_id
        """;

    /// <summary>The payloads of a session that no open delivery needs (the same rule as a completion's purge).</summary>
    public const string PurgeSession = """
        UPDATE batches SET payload = NULL, purged_at = @now
        WHERE session_id = @s AND payload IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.batch_id = batches.batch_id AND d.state IN ('pending', 'leased'))
          AND (NOT EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = batches.session_id AND s.type = 'primary')
               OR NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.session_id = batches.session_id AND d.state IN ('pending', 'leased')))
        """;

    public const string Abandon = """
        UPDATE sessions SET closed_reason = 'abandoned', closed_at = @now
        WHERE session_id IN (
          SELECT s.session_id FROM sessions s
          WHERE s.type = 'primary' AND s.closed_reason IS NULL AND s.batches_seen < s.total_batches AND s.updated_at < @cutoff
          ORDER BY s.updated_at LIMIT @limit)
        RETURNING session_id
        """;

    public const string DropAbandonedLedger = """
        DELETE FROM primary_members WHERE session_id = @s
          AND NOT EXISTS (SELECT 1 FROM primary_baselines b WHERE b.session_id = @s)
        """;

    public const string KillAbandonedDeliveries = """
        UPDATE deliveries SET state = 'dead', last_error = @reason, waiting = @no, updated_at = @now, finished_at = @now
        WHERE session_id = @s AND state = 'pending'
        """;

    public const string EndedSessions = $"""
        SELECT s.session_id FROM sessions s
        WHERE {EndedConditions}
        ORDER BY s.updated_at LIMIT @limit
        """;

    /// <summary>Whether session <c>@s</c> is still ended, read again once it is locked.</summary>
    public const string IsEnded = $"SELECT EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = @s AND {EndedConditions})";

    private const string EndedConditions = """
        s.updated_at < @cutoff
          AND (s.type <> 'primary' OR s.batches_seen >= s.total_batches OR s.closed_reason IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.session_id = s.session_id
                          AND (d.state IN ('pending', 'leased') OR d.finished_at >= @cutoff))
          AND NOT EXISTS (SELECT 1 FROM primary_baselines b WHERE b.session_id = s.session_id)
        """;

    /// <summary>One ended session and everything that hangs off it, children first.</summary>
    public static readonly string[] DeleteSession =
    [
        "DELETE FROM deliveries WHERE session_id = @s",
        "DELETE FROM batches WHERE session_id = @s",
        "DELETE FROM provider_sessions WHERE session_id = @s",
        "DELETE FROM primary_members WHERE session_id = @s",
        "DELETE FROM operator_actions WHERE session_id = @s",
        "DELETE FROM sessions WHERE session_id = @s",
    ];
}

namespace AudienceRelay.Store.Queue;

/// <summary>
/// The queue's rules as SQL, written once for both engines (<c>@name</c> parameters, which SQLite accepts
/// too). Each names the candidate delivery <c>d</c>. Every condition repeats
/// <c>state IN ('pending', 'leased')</c> word for word, so both engines use their partial indexes over open
/// deliveries and a claim costs what the open work costs, however much history the table holds.
/// </summary>
internal static class QueueSql
{
    public const string Open = "d.state IN ('pending', 'leased')";

    /// <summary>Pending and due, or leased by a worker whose lease ran out (a crashed or stuck node).</summary>
    public const string Due = "((d.state = 'pending' AND d.next_attempt_at <= @now) OR (d.state = 'leased' AND d.lease_until <= @now))";

    /// <summary>
    /// The gate of an instance that needs order (one delivery per session): a session's deliveries there go
    /// one at a time, in sequence order. A delivery is taken only when no open delivery of its session at the
    /// instance holds a live lease or has a lower sequence (pending, even in a backoff, or leased). Instances
    /// that do not need order are not gated at all. One look-up over the session's open deliveries (the
    /// partial index deliveries_open_session), whatever the instance's other leases.
    /// </summary>
    public const string OrderGate = """
        AND NOT EXISTS (SELECT 1 FROM deliveries o JOIN batches ob ON ob.batch_id = o.batch_id
                        WHERE o.session_id = d.session_id AND o.instance = d.instance AND o.state IN ('pending', 'leased')
                          AND ((o.state = 'leased' AND o.lease_until > @now)
                               OR ob.sequence < (SELECT db.sequence FROM batches db WHERE db.batch_id = d.batch_id)))
        """;

    /// <summary>The claim's candidates, in the order they are handed out.</summary>
    public static string Candidates(bool gated, string column = "d.delivery_id") => $"""
        SELECT {column} FROM deliveries d
        WHERE d.instance = @i AND {Open} AND {Due}
          {(gated ? OrderGate : string.Empty)}
        ORDER BY d.next_attempt_at, d.delivery_id
        """;
}

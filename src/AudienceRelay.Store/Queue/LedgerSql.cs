namespace AudienceRelay.Store.Queue;

/// <summary>
/// The rule of overlapping primary sessions, written once for both engines (<c>@i</c> instance, <c>@n</c> final
/// audience name, <c>@s</c> session). Primary sessions of one audience are ordered by first arrival
/// (<c>sessions.arrival</c>). Once a newer one has begun at an instance (has a delivery there), an older one is
/// superseded there: it never removes members and never becomes the baseline. Only a session that nothing
/// newer has superseded removes, when complete: every key that the baseline or an older session recorded
/// and that it did not.
/// </summary>
internal static class LedgerSql
{
    /// <summary>True when a primary session of the audience that arrived after <c>@s</c> has a delivery at <c>@i</c>.</summary>
    public const string Superseded = """
        EXISTS (SELECT 1 FROM sessions me JOIN sessions nw ON nw.audience_name = @n AND nw.type = 'primary' AND nw.arrival > me.arrival
                WHERE me.session_id = @s AND EXISTS (SELECT 1 FROM deliveries nd WHERE nd.session_id = nw.session_id AND nd.instance = @i))
        """;

    /// <summary>The sessions whose keys <c>@s</c> replaces: the audience's baseline, and every session that arrived before <c>@s</c>.</summary>
    private const string Replaced = """
        (m.session_id IN (SELECT b.session_id FROM primary_baselines b WHERE b.instance = @i AND b.audience_name = @n)
         OR m.session_id IN (SELECT o.session_id FROM sessions o, sessions me
                             WHERE me.session_id = @s AND o.audience_name = @n AND o.type = 'primary' AND o.arrival < me.arrival))
        """;

    public const string MembersLeft = $"""
        SELECT DISTINCT m.id_type, m.hash FROM primary_members m
        WHERE m.instance = @i AND m.audience_name = @n AND m.session_id <> @s AND {Replaced}
          AND NOT EXISTS (SELECT 1 FROM primary_members c
                          WHERE c.instance = m.instance AND c.audience_name = m.audience_name AND c.session_id = @s
                            AND c.id_type = m.id_type AND c.hash = m.hash)
          AND NOT {Superseded}
        ORDER BY m.id_type, m.hash
        """;

    /// <summary>The replaced sessions' keys go at commit: members that left were removed, the others are recorded under <c>@s</c>.</summary>
    public const string DeleteReplaced = $"""
        DELETE FROM primary_members
        WHERE instance = @i AND audience_name = @n AND session_id <> @s
          AND session_id IN (SELECT m.session_id FROM (SELECT DISTINCT session_id FROM primary_members WHERE instance = @i AND audience_name = @n) m WHERE {Replaced})
        """;

    /// <summary>
    /// The replaced sessions' keys that <c>@s</c> holds too (they stay members, recorded under <c>@s</c>). With the keys
    /// the session removed (<see cref="DeleteReplacedKeys"/>, <see cref="DeleteReplacedKeysJson"/>), this is the commit
    /// when the session knows what its read of who left returned: a key that an older, superseded session recorded after
    /// that read is neither, so it stays in the ledger and the next session removes it.
    /// </summary>
    public const string DeleteReplacedHeld = DeleteReplaced + """
          AND EXISTS (SELECT 1 FROM primary_members c
                      WHERE c.instance = @i AND c.audience_name = @n AND c.session_id = @s
                        AND c.id_type = primary_members.id_type AND c.hash = primary_members.hash)
        """;

    /// <summary>
    /// Removed keys of the replaced sessions, many at once, as a JSON array of <c>[id_type, hash]</c> pairs in <c>@k</c>
    /// (SQLite's <c>json_each</c>). Each pair finds its rows through the primary key, so a statement costs the keys it
    /// names, not the size of the audience.
    /// </summary>
    public const string DeleteReplacedKeysJson = DeleteReplaced + """
          AND (id_type, hash) IN (SELECT json_extract(k.value, '$[0]'), json_extract(k.value, '$[1]') FROM json_each(@k) AS k)
        """;

    /// <summary>The removed keys at once, as parallel text arrays <c>@t</c> and <c>@h</c> (PostgreSQL's <c>unnest</c>).</summary>
    public const string DeleteReplacedKeys = DeleteReplaced + " AND (id_type, hash) IN (SELECT * FROM unnest(@t, @h))";
}

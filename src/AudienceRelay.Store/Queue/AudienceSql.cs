namespace AudienceRelay.Store.Queue;

/// <summary>Platform audience ids remembered per instance and final name, written once for both engines.</summary>
internal static class AudienceSql
{
    public const string Find = "SELECT audience_id FROM audiences WHERE instance = @i AND audience_name = @n";

    /// <summary>The first id saved wins; the caller reads back which one that was (<see cref="Find"/>).</summary>
    public const string Save = """
        INSERT INTO audiences (instance, audience_name, audience_id, created_at) VALUES (@i, @n, @a, @t)
        ON CONFLICT (instance, audience_name) DO NOTHING
        """;

    public const string Forget = "DELETE FROM audiences WHERE instance = @i AND audience_name = @n AND audience_id = @a";

    public const string ListSessionBatches = "SELECT batch_id, sequence FROM batches WHERE session_id = @s ORDER BY sequence";
}

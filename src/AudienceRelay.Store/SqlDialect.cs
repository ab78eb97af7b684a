namespace AudienceRelay.Store;

/// <summary>
/// What the two engines spell differently in otherwise shared statements (Queue/*Sql.cs, Status/StatusSql.cs).
/// Everything else is written once: <c>@name</c> parameters (both engines accept them) and C# booleans as
/// parameter values (SQLite stores them as 1 and 0). What differs beyond spelling — claim locking, advisory
/// locks, notifications, rate buckets, array columns — stays in each engine's store.
/// </summary>
internal sealed record SqlDialect
{
    public static readonly SqlDialect Sqlite = new()
    {
        TextOrder = string.Empty,
        Least = "MIN",
        NowMilliseconds = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
        NextArrival = "(SELECT COALESCE(MAX(arrival), 0) + 1 FROM sessions)",
    };

    public static readonly SqlDialect Postgres = new()
    {
        // Bytewise, as SQLite orders text, whatever the database's own collation is.
        TextOrder = " COLLATE \"C\"",
        Least = "LEAST",
        NowMilliseconds = "(extract(epoch FROM now()) * 1000)::bigint",
        NextArrival = "nextval('session_arrival')",
    };

    /// <summary>Appended to a text column in ORDER BY.</summary>
    public required string TextOrder { get; init; }

    /// <summary>The smaller of two values (SQLite's two-argument MIN).</summary>
    public required string Least { get; init; }

    /// <summary>The database's clock as Unix milliseconds.</summary>
    public required string NowMilliseconds { get; init; }

    /// <summary>A new session's arrival number (docs/delivery.md, "Overlapping primary sessions").</summary>
    public required string NextArrival { get; init; }
}

using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{
    // One statement takes tokens from the instance's bucket: the first call creates it full, later ones
    // refill it for the time since the last take (the database's clock, one for all nodes), then take
    // if there is enough. ON CONFLICT DO UPDATE works on the latest row under a lock, so nodes taking
    // at once each see the others' takes.
    // https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT
    private const string TakeSql = """
        INSERT INTO rate_buckets AS b (instance, tokens, refreshed_at, granted)
        VALUES (@i, @burst - @take, statement_timestamp(), true)
        ON CONFLICT (instance) DO UPDATE SET
            tokens = CASE WHEN LEAST(@burst, b.tokens + GREATEST(0, extract(epoch FROM statement_timestamp() - b.refreshed_at)::double precision) * @rate) >= @need
                          THEN LEAST(@burst, b.tokens + GREATEST(0, extract(epoch FROM statement_timestamp() - b.refreshed_at)::double precision) * @rate) - @take
                          ELSE LEAST(@burst, b.tokens + GREATEST(0, extract(epoch FROM statement_timestamp() - b.refreshed_at)::double precision) * @rate) END,
            granted = LEAST(@burst, b.tokens + GREATEST(0, extract(epoch FROM statement_timestamp() - b.refreshed_at)::double precision) * @rate) >= @need,
            refreshed_at = GREATEST(b.refreshed_at, statement_timestamp())
        RETURNING granted, tokens
        """;

    /// <summary>
    /// Takes <paramref name="count"/> tokens from the bucket of <paramref name="instance"/>, shared by
    /// every node: <paramref name="burst"/> tokens at most, refilled at <paramref name="ratePerSecond"/>.
    /// Returns null when the tokens were taken, else how long to wait before enough are there (nothing
    /// is taken then). A count of 0 takes nothing and tells whether one token is there.
    /// </summary>
    public async Task<TimeSpan?> TryTakeTokensAsync(string instance, double ratePerSecond, int burst, int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = TakeCommand(connection, instance, ratePerSecond, burst, count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Answer(reader.GetBoolean(0), reader.GetDouble(1), ratePerSecond, count);
    }

    /// <summary>The synchronous twin of <see cref="TryTakeTokensAsync"/>, for <c>RateLimiter.AttemptAcquire</c>.</summary>
    public TimeSpan? TryTakeTokens(string instance, double ratePerSecond, int burst, int count)
    {
        using var connection = Open();
        using var command = TakeCommand(connection, instance, ratePerSecond, burst, count);
        using var reader = command.ExecuteReader();
        reader.Read();
        return Answer(reader.GetBoolean(0), reader.GetDouble(1), ratePerSecond, count);
    }

    private static NpgsqlCommand TakeCommand(NpgsqlConnection connection, string instance, double ratePerSecond, int burst, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(instance);
        if (!double.IsFinite(ratePerSecond) || ratePerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), "The rate must be a positive number of tokens per second.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, burst);
        return Command(connection, TakeSql,
            ("i", instance), ("rate", ratePerSecond), ("burst", (double)burst), ("take", (double)count), ("need", (double)Math.Max(count, 1)));
    }

    private static TimeSpan? Answer(bool granted, double tokens, double ratePerSecond, int count)
    {
        if (granted)
        {
            return null;
        }

        var missing = Math.Max(count, 1) - tokens;
        return TimeSpan.FromSeconds(Math.Max(missing / ratePerSecond, 0.001));
    }
}

using System.Data;
using System.Data.Common;
using System.Globalization;

namespace AudienceRelay.Store.Operations;

internal static partial class OperationsSql
{
    public static async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(DbConnection connection, SessionFilter filter, CancellationToken cancellationToken)
    {
        var sessions = new List<SessionSummary>();
        await using (var command = Command(connection, null, """
            SELECT s.session_id, s.name, s.audience_name, s.type, s.total_batches, s.batches_seen, s.created_at
            FROM sessions s
            WHERE (@from IS NULL OR s.created_at >= @from) AND (@to IS NULL OR s.created_at < @to)
              AND (@instance IS NULL OR EXISTS (SELECT 1 FROM deliveries d WHERE d.session_id = s.session_id AND d.instance = @instance))
              AND (@state IS NULL OR EXISTS (SELECT 1 FROM deliveries d WHERE d.session_id = s.session_id AND d.state = @state
                                             AND (@instance IS NULL OR d.instance = @instance)))
            ORDER BY s.created_at DESC, s.session_id DESC
            LIMIT @limit
            """,
            P("@from", DbType.Int64, filter.From?.ToUnixTimeMilliseconds()), P("@to", DbType.Int64, filter.To?.ToUnixTimeMilliseconds()),
            P("@instance", DbType.String, filter.Instance), P("@state", DbType.String, filter.State), P("@limit", DbType.Int32, Math.Clamp(filter.Limit, 1, 500))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sessions.Add(new SessionSummary
                {
                    SessionId = reader.GetInt64(0),
                    Name = reader.GetString(1),
                    AudienceName = reader.GetString(2),
                    Type = reader.GetString(3),
                    TotalBatches = reader.GetInt32(4),
                    BatchesReceived = reader.GetInt32(5),
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    Instances = new Dictionary<string, IReadOnlyDictionary<string, long>>(),
                });
            }
        }

        if (sessions.Count == 0)
        {
            return sessions;
        }

        var ids = string.Join(", ", sessions.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture)));
        var counts = new Dictionary<long, Dictionary<string, Dictionary<string, long>>>();
        await using (var command = Command(connection, null, $"""
            SELECT session_id, instance, state, COUNT(*) FROM deliveries WHERE session_id IN ({ids}) GROUP BY session_id, instance, state
            """, [.. sessions.Select((s, i) => P("@s" + i.ToString(CultureInfo.InvariantCulture), DbType.Int64, s.SessionId))]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var perInstance = counts.TryGetValue(reader.GetInt64(0), out var found) ? found : counts[reader.GetInt64(0)] = new(StringComparer.Ordinal);
                var perState = perInstance.TryGetValue(reader.GetString(1), out var states) ? states : perInstance[reader.GetString(1)] = new(StringComparer.Ordinal);
                perState[reader.GetString(2)] = reader.GetInt64(3);
            }
        }

        return sessions.Select(s => s with
        {
            Instances = counts.TryGetValue(s.SessionId, out var c)
                ? c.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, long>)kv.Value, StringComparer.Ordinal)
                : new Dictionary<string, IReadOnlyDictionary<string, long>>(),
        }).ToList();
    }

    public static async Task<IReadOnlyList<OperatorAction>> ListActionsAsync(DbConnection connection, long sessionId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, """
            SELECT action, created_at, key_name, delivery_id, affected FROM operator_actions WHERE session_id = @s ORDER BY action_id
            """, P("@s", DbType.Int64, sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var actions = new List<OperatorAction>();
        while (await reader.ReadAsync(cancellationToken))
        {
            actions.Add(new OperatorAction(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetInt32(4)));
        }

        return actions;
    }

    /// <summary>
    /// The instances that have any delivery kept, found by a skip over the index on (instance, state, next_attempt_at):
    /// one index seek per instance, however many deliveries each has.
    /// </summary>
    internal const string KnownInstances = """
        WITH RECURSIVE known (instance) AS (
          SELECT MIN(instance) FROM deliveries
          UNION ALL
          SELECT (SELECT MIN(d.instance) FROM deliveries d WHERE d.instance > known.instance) FROM known WHERE known.instance IS NOT NULL)
        """;

    /// <summary>
    /// Per instance, the open work: pending and leased counts and the earliest pending due time, each an index range
    /// on (instance, state), so the read costs the instances and their open deliveries, not the kept history.
    /// </summary>
    internal const string OpenQueues = KnownInstances + """

        SELECT k.instance,
          (SELECT COUNT(*) FROM deliveries d WHERE d.instance = k.instance AND d.state = 'pending'),
          (SELECT COUNT(*) FROM deliveries d WHERE d.instance = k.instance AND d.state = 'leased'),
          (SELECT MIN(d.next_attempt_at) FROM deliveries d WHERE d.instance = k.instance AND d.state = 'pending')
        FROM known k WHERE k.instance IS NOT NULL
        """;

    /// <summary>
    /// Deliveries that ended at or after <c>@since</c>, per instance, through the index on finished_at: the cost follows
    /// the window, not the retention. (Materialized so that neither engine prefers walking a whole index in instance order.)
    /// </summary>
    internal const string RecentOutcomes = """
        WITH ended AS MATERIALIZED (SELECT instance, state FROM deliveries WHERE finished_at IS NOT NULL AND finished_at >= @since)
        SELECT instance, SUM(CASE WHEN state = 'succeeded' THEN 1 ELSE 0 END), SUM(CASE WHEN state IN ('failed', 'dead') THEN 1 ELSE 0 END)
        FROM ended GROUP BY instance
        """;

    /// <summary>
    /// Each instance's queue (open deliveries by state, the oldest due time) and how many of its deliveries ended since
    /// <paramref name="since"/>. Finished deliveries are not counted by state: their totals grow with the retention,
    /// and the outcome counters and the recent window report them.
    /// </summary>
    public static async Task<IReadOnlyList<InstanceQueue>> ReadQueuesAsync(DbConnection connection, long now, long since, CancellationToken cancellationToken)
    {
        var open = new List<(string Instance, long Pending, long Leased, long? Oldest)>();
        await using (var command = Command(connection, null, OpenQueues))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
            }
        }

        var recent = new Dictionary<string, (long Succeeded, long Failed)>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, RecentOutcomes, P("@since", DbType.Int64, since)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recent[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
            }
        }

        return open.OrderBy(q => q.Instance, StringComparer.Ordinal).Select(q => new InstanceQueue
        {
            Instance = q.Instance,
            ByState = new Dictionary<string, long>(StringComparer.Ordinal) { ["pending"] = q.Pending, ["leased"] = q.Leased },
            OldestDueAt = q.Oldest is { } oldest && oldest <= now ? DateTimeOffset.FromUnixTimeMilliseconds(oldest) : null,
            SucceededRecently = recent.GetValueOrDefault(q.Instance).Succeeded,
            FailedRecently = recent.GetValueOrDefault(q.Instance).Failed,
        }).ToList();
    }

    public static async Task<long> PayloadBytesWaitingAsync(DbConnection connection, OperationsDialect dialect, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"SELECT COALESCE(SUM({dialect.ByteLength}(payload)), 0) FROM batches WHERE payload IS NOT NULL");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public static Task<int> SaveTraceParentAsync(DbConnection connection, long batchId, string traceParent, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "UPDATE batches SET trace_parent = @t WHERE batch_id = @b AND trace_parent IS NULL", cancellationToken,
            P("@t", DbType.String, traceParent), P("@b", DbType.Int64, batchId));

    public static async Task<string?> ReadTraceParentAsync(DbConnection connection, long batchId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "SELECT trace_parent FROM batches WHERE batch_id = @b", P("@b", DbType.Int64, batchId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<IReadOnlyList<string>> ListAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, DbType Type, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, DbType Type, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, DbType Type, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, type, value) in parameters)
        {
            // Typed even when null: PostgreSQL cannot infer the type of "@p IS NULL" from the query alone.
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static (string Name, DbType Type, object? Value) P(string name, DbType type, object? value) => (name, type, value);
}

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

    public static async Task<IReadOnlyList<InstanceQueue>> ReadQueuesAsync(DbConnection connection, long now, long since, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, """
            SELECT instance, state, COUNT(*),
              MIN(CASE WHEN state = 'pending' AND next_attempt_at <= @now THEN next_attempt_at END),
              SUM(CASE WHEN state = 'succeeded' AND finished_at >= @since THEN 1 ELSE 0 END),
              SUM(CASE WHEN state IN ('failed', 'dead') AND finished_at >= @since THEN 1 ELSE 0 END)
            FROM deliveries GROUP BY instance, state ORDER BY instance, state
            """, P("@now", DbType.Int64, now), P("@since", DbType.Int64, since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string Instance, string State, long Count, long? Oldest, long Succeeded, long Failed)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)));
        }

        return rows.GroupBy(r => r.Instance, StringComparer.Ordinal).Select(g => new InstanceQueue
        {
            Instance = g.Key,
            ByState = g.ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal),
            OldestDueAt = g.Min(r => r.Oldest) is { } oldest ? DateTimeOffset.FromUnixTimeMilliseconds(oldest) : null,
            SucceededRecently = g.Sum(r => r.Succeeded),
            FailedRecently = g.Sum(r => r.Failed),
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

using AudienceRelay.Store.Queue;
using Npgsql;
using NpgsqlTypes;

namespace AudienceRelay.Store.Postgres;

/// <summary>The membership ledger of primary audiences and the session's failure signal (docs/providers/tiktok.md and klaviyo.md, "type=primary").</summary>
public sealed partial class PostgresAudienceStore
{
    public async Task<bool> AnySessionDeliveryEndedUnsuccessfullyAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync<bool>(connection, DeliverySql.AnyEndedUnsuccessfullyInSession, cancellationToken, ("s", sessionId), ("i", instance), ("d", exceptDeliveryId));
    }

    public async Task RecordPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        // One statement for the whole batch: the keys travel as two parallel arrays.
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, """
            INSERT INTO primary_members (instance, audience_name, session_id, id_type, hash)
            SELECT @i, @n, @s, k.id_type, k.hash FROM unnest(@t, @h) AS k (id_type, hash)
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("i", instance), ("n", audienceName), ("s", sessionId), ("t", TextArray("t", keys.Select(k => k.IdType))), ("h", TextArray("h", keys.Select(k => k.Hash))));
    }

    public async Task<IReadOnlyList<(string IdType, string Hash)>> ListPrimaryMembersLeftAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await AnalyzeLedgerAsync(connection, cancellationToken);
        await using var command = Command(connection, LedgerSql.MembersLeft, ("i", instance), ("n", audienceName), ("s", sessionId));
        return await ReadKeysAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<(string IdType, string Hash)>> FindPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT DISTINCT m.id_type, m.hash FROM unnest(@t, @h) AS k (id_type, hash)
            JOIN primary_members m ON m.instance = @i AND m.audience_name = @n AND m.session_id = @s AND m.id_type = k.id_type AND m.hash = k.hash
            """, ("i", instance), ("n", audienceName), ("s", sessionId), ("t", TextArray("t", keys.Select(k => k.IdType))), ("h", TextArray("h", keys.Select(k => k.Hash))));
        return await ReadKeysAsync(command, cancellationToken);
    }

    public async Task<bool> IsPrimarySessionSupersededAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync<bool>(connection, $"SELECT {LedgerSql.Superseded}", cancellationToken, ("i", instance), ("n", audienceName), ("s", sessionId));
    }

    public Task CommitPrimarySessionAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken) =>
        CommitAsync(instance, audienceName, sessionId, null, cancellationToken);

    public Task CommitPrimarySessionAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> removed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(removed);
        return CommitAsync(instance, audienceName, sessionId, removed, cancellationToken);
    }

    private async Task CommitAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)>? removed, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await AnalyzeLedgerAsync(connection, cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        var parameters = new (string, object?)[] { ("i", instance), ("n", audienceName), ("s", sessionId) };

        // Two commits of one audience (two nodes, or two sessions) take turns on the baseline row: the row is
        // created if missing and locked; then, unless this session is superseded (LedgerSql), the replaced
        // sessions' keys go and this session becomes the baseline.
        await ExecuteAsync(connection, """
            INSERT INTO primary_baselines (instance, audience_name, session_id, committed_at)
            VALUES (@i, @n, -1, 0)
            ON CONFLICT (instance, audience_name) DO NOTHING
            """, cancellationToken, parameters);
        await ExecuteAsync(connection, "SELECT 1 FROM primary_baselines WHERE instance = @i AND audience_name = @n FOR UPDATE", cancellationToken, parameters);
        if (!await ScalarAsync<bool>(connection, $"SELECT {LedgerSql.Superseded}", cancellationToken, parameters))
        {
            if (removed is null)
            {
                await ExecuteAsync(connection, LedgerSql.DeleteReplaced, cancellationToken, parameters);
            }
            else
            {
                await ExecuteAsync(connection, LedgerSql.DeleteReplacedHeld, cancellationToken, parameters);
                await using var delete = new NpgsqlCommand(LedgerSql.DeleteReplacedKeys, connection);
                delete.Parameters.AddWithValue("i", instance);
                delete.Parameters.AddWithValue("n", audienceName);
                delete.Parameters.AddWithValue("s", sessionId);
                delete.Parameters.Add(TextArray("t", removed.Select(k => k.IdType)));
                delete.Parameters.Add(TextArray("h", removed.Select(k => k.Hash)));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await ExecuteAsync(connection, """
                UPDATE primary_baselines SET session_id = @s, committed_at = (extract(epoch FROM now()) * 1000)::bigint
                WHERE instance = @i AND audience_name = @n AND session_id <> @s
                """, cancellationToken, parameters);
        }
        else
        {
            // A superseded session leaves no placeholder behind.
            await ExecuteAsync(connection, "DELETE FROM primary_baselines WHERE instance = @i AND audience_name = @n AND session_id = -1", cancellationToken, parameters);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Fresh planner statistics for the ledger before the statements that compare a session's keys with the replaced
    /// ones. A primary session records its keys shortly before it completes; planned on statistics from before those
    /// rows (autovacuum analyzes a minute or more later), the comparison runs as a nested loop, keys × keys: 23 s for
    /// 20,000 keys, against 26 ms once analyzed (docs/benchmarks.md, "Primary ledger commit"). ANALYZE reads a fixed-size
    /// sample, so its cost does not grow with the ledger, and it runs once or twice per complete primary session.
    /// Outside a transaction, so its lock is held only while it runs; a role that does not own the table gets a
    /// warning, not an error.
    /// </summary>
    private static Task AnalyzeLedgerAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "ANALYZE primary_members", cancellationToken);

    private static NpgsqlParameter TextArray(string name, IEnumerable<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static async Task<IReadOnlyList<(string IdType, string Hash)>> ReadKeysAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add((reader.GetString(0), reader.GetString(1)));
        }

        return keys;
    }
}

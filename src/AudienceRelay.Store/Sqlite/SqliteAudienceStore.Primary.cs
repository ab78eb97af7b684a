using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

/// <summary>The membership ledger of primary audiences and the session's failure signal (docs/providers/tiktok.md and klaviyo.md, "type=primary").</summary>
public sealed partial class SqliteAudienceStore
{
    public async Task<bool> AnySessionDeliveryEndedUnsuccessfullyAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(connection, null, """
            SELECT EXISTS (SELECT 1 FROM deliveries
                           WHERE session_id = $s AND instance = $i AND delivery_id <> $d AND state IN ('failed', 'dead'))
            """, cancellationToken, ("$s", sessionId), ("$i", instance), ("$d", exceptDeliveryId)) == 1;
    }

    public async Task RecordPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, tx, """
            INSERT INTO primary_members (instance, audience_name, session_id, id_type, hash) VALUES ($i, $n, $s, $t, $h)
            ON CONFLICT DO NOTHING
            """, ("$i", instance), ("$n", audienceName), ("$s", sessionId), ("$t", string.Empty), ("$h", string.Empty));
        command.Prepare();
        foreach (var (idType, hash) in keys)
        {
            command.Parameters["$t"].Value = idType;
            command.Parameters["$h"].Value = hash;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(string IdType, string Hash)>> ListPrimaryMembersLeftAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT m.id_type, m.hash FROM primary_baselines b
            JOIN primary_members m ON m.instance = b.instance AND m.audience_name = b.audience_name AND m.session_id = b.session_id
            WHERE b.instance = $i AND b.audience_name = $n AND b.session_id <> $s
              AND NOT EXISTS (SELECT 1 FROM primary_members c
                              WHERE c.instance = m.instance AND c.audience_name = m.audience_name AND c.session_id = $s
                                AND c.id_type = m.id_type AND c.hash = m.hash)
            ORDER BY m.id_type, m.hash
            """, ("$i", instance), ("$n", audienceName), ("$s", sessionId));
        return await ReadKeysAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<(string IdType, string Hash)>> FindPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT EXISTS (SELECT 1 FROM primary_members
                           WHERE instance = $i AND audience_name = $n AND session_id = $s AND id_type = $t AND hash = $h)
            """, ("$i", instance), ("$n", audienceName), ("$s", sessionId), ("$t", string.Empty), ("$h", string.Empty));
        command.Prepare();
        var found = new List<(string, string)>();
        foreach (var key in keys.Distinct())
        {
            command.Parameters["$t"].Value = key.IdType;
            command.Parameters["$h"].Value = key.Hash;
            if (await command.ExecuteScalarAsync(cancellationToken) is 1L)
            {
                found.Add(key);
            }
        }

        return found;
    }

    public async Task CommitPrimarySessionAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        // The old baseline's keys go with it: its members that left were removed before this commit, and the
        // ones that stayed are recorded again under the new session.
        await ExecuteAsync(connection, tx, """
            DELETE FROM primary_members
            WHERE instance = $i AND audience_name = $n AND session_id <> $s
              AND session_id = (SELECT b.session_id FROM primary_baselines b WHERE b.instance = $i AND b.audience_name = $n)
            """, cancellationToken, ("$i", instance), ("$n", audienceName), ("$s", sessionId));
        await ExecuteAsync(connection, tx, """
            INSERT INTO primary_baselines (instance, audience_name, session_id, committed_at)
            VALUES ($i, $n, $s, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
            ON CONFLICT (instance, audience_name) DO UPDATE SET session_id = excluded.session_id, committed_at = excluded.committed_at
            WHERE primary_baselines.session_id <> excluded.session_id
            """, cancellationToken, ("$i", instance), ("$n", audienceName), ("$s", sessionId));
        await tx.CommitAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<(string IdType, string Hash)>> ReadKeysAsync(SqliteCommand command, CancellationToken cancellationToken)
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

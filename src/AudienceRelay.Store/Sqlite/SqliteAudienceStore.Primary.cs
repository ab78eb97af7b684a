using System.Buffers;
using System.Text;
using System.Text.Json;
using AudienceRelay.Store.Queue;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

/// <summary>The membership ledger of primary audiences and the session's failure signal (docs/providers/tiktok.md and klaviyo.md, "type=primary").</summary>
public sealed partial class SqliteAudienceStore
{
    public async Task<bool> AnySessionDeliveryEndedUnsuccessfullyAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(connection, null, DeliverySql.AnyEndedUnsuccessfullyInSession, cancellationToken, ("s", sessionId), ("i", instance), ("d", exceptDeliveryId)) == 1;
    }

    public async Task RecordPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, tx, """
            INSERT INTO primary_members (instance, audience_name, session_id, id_type, hash) VALUES (@i, @n, @s, @t, @h)
            ON CONFLICT DO NOTHING
            """, ("i", instance), ("n", audienceName), ("s", sessionId), ("t", string.Empty), ("h", string.Empty));
        command.Prepare();
        foreach (var (idType, hash) in keys)
        {
            command.Parameters["t"].Value = idType;
            command.Parameters["h"].Value = hash;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(string IdType, string Hash)>> ListPrimaryMembersLeftAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, LedgerSql.MembersLeft, ("i", instance), ("n", audienceName), ("s", sessionId));
        return await ReadKeysAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<(string IdType, string Hash)>> FindPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT EXISTS (SELECT 1 FROM primary_members
                           WHERE instance = @i AND audience_name = @n AND session_id = @s AND id_type = @t AND hash = @h)
            """, ("i", instance), ("n", audienceName), ("s", sessionId), ("t", string.Empty), ("h", string.Empty));
        command.Prepare();
        var found = new List<(string, string)>();
        foreach (var key in keys.Distinct())
        {
            command.Parameters["t"].Value = key.IdType;
            command.Parameters["h"].Value = key.Hash;
            if (await command.ExecuteScalarAsync(cancellationToken) is 1L)
            {
                found.Add(key);
            }
        }

        return found;
    }

    public async Task<bool> IsPrimarySessionSupersededAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(connection, null, $"SELECT {LedgerSql.Superseded}", cancellationToken, ("@i", instance), ("@n", audienceName), ("@s", sessionId)) != 0;
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
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new (string, object?)[] { ("i", instance), ("n", audienceName), ("s", sessionId) };

        // A superseded session commits nothing (LedgerSql). Otherwise the replaced sessions' keys go and this
        // session becomes the baseline, in one transaction.
        if (await ScalarAsync<long>(connection, tx, $"SELECT {LedgerSql.Superseded}", cancellationToken, parameters) == 0)
        {
            if (removed is null)
            {
                await ExecuteAsync(connection, tx, LedgerSql.DeleteReplaced, cancellationToken, parameters);
            }
            else
            {
                await ExecuteAsync(connection, tx, LedgerSql.DeleteReplacedHeld, cancellationToken, parameters);

                // Set-based: one statement per chunk of removed keys, not one per key, so a session that removes
                // 100,000 members holds the write lock for one pass over its keys (docs/benchmarks.md, "Primary ledger commit").
                await using var delete = Command(connection, tx, LedgerSql.DeleteReplacedKeysJson, ("@i", instance), ("@n", audienceName), ("@s", sessionId), ("@k", string.Empty));
                foreach (var chunk in removed.Chunk(RemovedKeysPerStatement))
                {
                    delete.Parameters["@k"].Value = KeysJson(chunk);
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await ExecuteAsync(connection, tx, """
                INSERT INTO primary_baselines (instance, audience_name, session_id, committed_at)
                VALUES (@i, @n, @s, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
                ON CONFLICT (instance, audience_name) DO UPDATE SET session_id = excluded.session_id, committed_at = excluded.committed_at
                WHERE primary_baselines.session_id <> excluded.session_id
                """, cancellationToken, parameters);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>A chunk's JSON is about 85 bytes a key; each statement also lists the audience's sessions once.</summary>
    private const int RemovedKeysPerStatement = 20_000;

    /// <summary>The keys as a JSON array of <c>[id_type, hash]</c> pairs, for <see cref="LedgerSql.DeleteReplacedKeysJson"/>.</summary>
    private static string KeysJson((string IdType, string Hash)[] keys)
    {
        var buffer = new ArrayBufferWriter<byte>(keys.Length * 90);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var (idType, hash) in keys)
            {
                json.WriteStartArray();
                json.WriteStringValue(idType);
                json.WriteStringValue(hash);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
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

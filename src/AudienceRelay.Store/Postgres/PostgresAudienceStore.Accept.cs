using System.Data;
using AudienceRelay.Store.Queue;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore
{
    public async Task<AcceptOutcome> AcceptBatchAsync(NewBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var info = batch.Batch;
        var now = batch.Now.ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

        // Batches of one session are accepted one at a time across nodes (two first batches would both
        // create the session; two batches would both count themselves as the last). The lock is taken
        // first, so the reads below see every batch of the session that was accepted before.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended('audience_relay.session:' || @s, 0))", cancellationToken, ("s", info.SessionId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var existing = await FindBatchAsync(connection, info.SessionId, info.Sequence, cancellationToken);
        if (existing is not null)
        {
            return existing.Value.Hash == batch.ContentHash
                ? new AcceptOutcome.Duplicate(existing.Value.Batch)
                : new AcceptOutcome.Conflict("batch.sequence", $"batch.sequence: batch {info.Sequence} of session {info.SessionId} was already received with different content.");
        }

        var session = await ReadSessionAsync(connection, info.SessionId, cancellationToken);
        var rejection = SessionRules.Check(session, batch);
        if (rejection is not null)
        {
            return rejection;
        }

        var sequenceBase = SessionRules.LearnBase(session?.SequenceBase, info.Sequence, info.TotalBatches);
        // The id is drawn first because the key binds the ciphertext to its row: the batch is then
        // written once, already sealed.
        var batchId = await ScalarAsync<long>(connection, "SELECT nextval(pg_get_serial_sequence('batches', 'batch_id'))", cancellationToken);

        await using var write = connection.CreateBatch();
        write.BatchCommands.Add(session is null
            ? BatchCommand("""
                INSERT INTO sessions (session_id, name, audience_name, type, disable_prefix, total_batches, total_users, batches_seen, sequence_base, created_at, updated_at)
                VALUES (@s, @name, @aname, @type, @dp, @tb, @tu, 1, @base, @now, @now)
                """,
                ("s", info.SessionId), ("name", batch.Name), ("aname", batch.AudienceName), ("type", StoreFormats.TypeText(batch.Type)),
                ("dp", batch.DisablePrefix), ("tb", info.TotalBatches), ("tu", info.TotalUsers), ("base", Typed("base", NpgsqlTypes.NpgsqlDbType.Integer, sequenceBase)), ("now", now))
            : BatchCommand("""
                UPDATE sessions SET batches_seen = batches_seen + 1, sequence_base = @base, total_users = @tu, updated_at = @now WHERE session_id = @s
                """, ("s", info.SessionId), ("base", Typed("base", NpgsqlTypes.NpgsqlDbType.Integer, sequenceBase)), ("tu", info.TotalUsers), ("now", now)));
        write.BatchCommands.Add(BatchCommand("""
            INSERT INTO batches (batch_id, session_id, sequence, content_hash, user_count, skipped_count, skipped_reasons, instances, payload, created_at)
            VALUES (@b, @s, @q, @h, @u, @k, @r, @i, @p, @now)
            """,
            ("b", batchId), ("s", info.SessionId), ("q", info.Sequence), ("h", batch.ContentHash), ("u", batch.UserCount), ("k", batch.SkippedCount),
            ("r", StoreFormats.ReasonsJson(batch.SkippedReasons)), ("i", batch.Instances.ToArray()), ("p", protector.Protect(batch.Payload, batchId)), ("now", now)));
        write.BatchCommands.Add(BatchCommand("""
            INSERT INTO deliveries (batch_id, session_id, instance, state, attempts, next_attempt_at, created_at, updated_at)
            SELECT @b, @s, u.instance, 'pending', 0, @now, @now, @now FROM unnest(@i::text[]) WITH ORDINALITY AS u (instance, n) ORDER BY u.n
            """, ("b", batchId), ("s", info.SessionId), ("i", batch.Instances.ToArray()), ("now", now)));
        // Deliveries of this session that were waiting for more batches get another look now.
        write.BatchCommands.Add(BatchCommand("""
            UPDATE deliveries SET next_attempt_at = @now WHERE session_id = @s AND state = 'pending' AND next_attempt_at > @now AND waiting
            """, ("s", info.SessionId), ("now", now)));
        // Other nodes' dispatchers wake at commit (a NOTIFY in a transaction is sent when it commits).
        write.BatchCommands.Add(BatchCommand("SELECT pg_notify(@c, @b::text)", ("c", PostgresNotifications.QueueChannel), ("b", batchId)));
        await write.ExecuteNonQueryAsync(cancellationToken);

        await tx.CommitAsync(cancellationToken);
        var stored = new StoredBatch(batchId, info.SessionId, info.Sequence, batch.UserCount, batch.SkippedCount, batch.SkippedReasons, batch.Instances);
        return new AcceptOutcome.Stored(stored);
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    private static async Task<SessionRow?> ReadSessionAsync(NpgsqlConnection connection, long sessionId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT name, type, disable_prefix, total_batches, batches_seen, sequence_base FROM sessions WHERE session_id = @s
            """, ("s", sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SessionRow(reader.GetString(0), StoreFormats.ParseType(reader.GetString(1)), reader.GetBoolean(2), reader.GetInt32(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5));
    }

    private static async Task<(StoredBatch Batch, string Hash)?> FindBatchAsync(NpgsqlConnection connection, long sessionId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT batch_id, content_hash, user_count, skipped_count, skipped_reasons, instances FROM batches WHERE session_id = @s AND sequence = @q
            """, ("s", sessionId), ("q", sequence));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var instances = reader.GetFieldValue<string[]>(5);
        var stored = new StoredBatch(reader.GetInt64(0), sessionId, sequence, reader.GetInt32(2), reader.GetInt32(3), StoreFormats.ParseReasons(reader.GetString(4)), instances);
        return (stored, reader.GetString(1));
    }
}

using AudienceRelay.Store.Queue;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

public sealed partial class SqliteAudienceStore
{
    public async Task<AcceptOutcome> AcceptBatchAsync(NewBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var info = batch.Batch;
        var now = batch.Now.ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        var existing = await FindBatchAsync(connection, tx, info.SessionId, info.Sequence, cancellationToken);
        if (existing is not null)
        {
            return existing.Value.Hash == batch.ContentHash
                ? new AcceptOutcome.Duplicate(existing.Value.Batch)
                : new AcceptOutcome.Conflict("batch.sequence", $"batch.sequence: batch {info.Sequence} of session {info.SessionId} was already received with different content.");
        }

        var session = await ReadSessionAsync(connection, tx, info.SessionId, cancellationToken);
        var rejection = SessionRules.Check(session, batch);
        if (rejection is not null)
        {
            return rejection;
        }

        var sequenceBase = SessionRules.LearnBase(session?.SequenceBase, info.Sequence, info.TotalBatches);
        if (session is null)
        {
            await ExecuteAsync(connection, tx, """
                INSERT INTO sessions (session_id, name, audience_name, type, disable_prefix, total_batches, total_users, batches_seen, sequence_base, created_at, updated_at, arrival)
                VALUES ($s, $name, $aname, $type, $dp, $tb, $tu, 1, $base, $now, $now, (SELECT COALESCE(MAX(arrival), 0) + 1 FROM sessions))
                """, cancellationToken,
                ("$s", info.SessionId), ("$name", batch.Name), ("$aname", batch.AudienceName), ("$type", StoreFormats.TypeText(batch.Type)),
                ("$dp", batch.DisablePrefix ? 1 : 0), ("$tb", info.TotalBatches), ("$tu", info.TotalUsers), ("$base", sequenceBase), ("$now", now));
        }
        else
        {
            await ExecuteAsync(connection, tx, """
                UPDATE sessions SET batches_seen = batches_seen + 1, sequence_base = $base, total_users = $tu, updated_at = $now WHERE session_id = $s
                """, cancellationToken, ("$s", info.SessionId), ("$base", sequenceBase), ("$tu", info.TotalUsers), ("$now", now));
        }

        var batchId = await ScalarAsync<long>(connection, tx, """
            INSERT INTO batches (session_id, sequence, content_hash, user_count, skipped_count, skipped_reasons, instances, created_at)
            VALUES ($s, $q, $h, $u, $k, $r, $i, $now) RETURNING batch_id
            """, cancellationToken,
            ("$s", info.SessionId), ("$q", info.Sequence), ("$h", batch.ContentHash), ("$u", batch.UserCount), ("$k", batch.SkippedCount),
            ("$r", StoreFormats.ReasonsJson(batch.SkippedReasons)), ("$i", string.Join('\n', batch.Instances)), ("$now", now));

        // The key binds the ciphertext to its row, so the payload is written once the id is known.
        await ExecuteAsync(connection, tx, "UPDATE batches SET payload = $p WHERE batch_id = $b", cancellationToken,
            ("$p", protector.Protect(batch.Payload, batchId)), ("$b", batchId));

        foreach (var instance in batch.Instances)
        {
            await ExecuteAsync(connection, tx, """
                INSERT INTO deliveries (batch_id, session_id, instance, state, attempts, next_attempt_at, created_at, updated_at)
                VALUES ($b, $s, $i, 'pending', 0, $now, $now, $now)
                """, cancellationToken, ("$b", batchId), ("$s", info.SessionId), ("$i", instance), ("$now", now));
        }

        // Deliveries of this session that were waiting for more batches get another look now.
        await ExecuteAsync(connection, tx, """
            UPDATE deliveries SET next_attempt_at = $now WHERE session_id = $s AND state = 'pending' AND next_attempt_at > $now
            AND waiting = 1
            """, cancellationToken, ("$s", info.SessionId), ("$now", now));

        await tx.CommitAsync(cancellationToken);
        var stored = new StoredBatch(batchId, info.SessionId, info.Sequence, batch.UserCount, batch.SkippedCount, batch.SkippedReasons, batch.Instances);
        return new AcceptOutcome.Stored(stored);
    }

    private static async Task<SessionRow?> ReadSessionAsync(SqliteConnection connection, SqliteTransaction tx, long sessionId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, """
            SELECT name, type, disable_prefix, total_batches, batches_seen, sequence_base FROM sessions WHERE session_id = $s
            """, ("$s", sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SessionRow(reader.GetString(0), StoreFormats.ParseType(reader.GetString(1)), reader.GetInt64(2) != 0, reader.GetInt32(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5));
    }

    private static async Task<(StoredBatch Batch, string Hash)?> FindBatchAsync(SqliteConnection connection, SqliteTransaction tx, long sessionId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, """
            SELECT batch_id, content_hash, user_count, skipped_count, skipped_reasons, instances FROM batches WHERE session_id = $s AND sequence = $q
            """, ("$s", sessionId), ("$q", sequence));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var instances = reader.GetString(5).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var stored = new StoredBatch(reader.GetInt64(0), sessionId, sequence, reader.GetInt32(2), reader.GetInt32(3), StoreFormats.ParseReasons(reader.GetString(4)), instances);
        return (stored, reader.GetString(1));
    }
}

using AudienceRelay.Core.Contract;
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
        if (SessionRules.Check(session, batch.Incoming) is { } violation)
        {
            return AcceptOutcome.Rejected(violation);
        }

        var sequenceBase = SessionRules.LearnBase(session?.SequenceBase, info.Sequence, info.TotalBatches);
        if (session is null)
        {
            await ExecuteAsync(connection, tx, AcceptSql.InsertSession(SqlDialect.Sqlite), cancellationToken,
                ("s", info.SessionId), ("name", batch.Name), ("aname", batch.AudienceName), ("type", StoreFormats.TypeText(batch.Type)),
                ("dp", batch.DisablePrefix), ("tb", info.TotalBatches), ("tu", info.TotalUsers), ("base", sequenceBase), ("now", now));
        }
        else
        {
            await ExecuteAsync(connection, tx, AcceptSql.UpdateSession, cancellationToken, ("s", info.SessionId), ("base", sequenceBase), ("tu", info.TotalUsers), ("now", now));
        }

        // A null id takes the next one; the key binds the ciphertext to its row, so the payload is sealed once the id is known.
        var batchId = await ScalarAsync<long>(connection, tx, AcceptSql.InsertBatch, cancellationToken,
            ("b", null), ("s", info.SessionId), ("q", info.Sequence), ("h", batch.ContentHash), ("u", batch.UserCount), ("k", batch.SkippedCount),
            ("r", StoreFormats.ReasonsJson(batch.SkippedReasons)), ("i", string.Join('\n', batch.Instances)), ("p", null), ("now", now));
        await ExecuteAsync(connection, tx, AcceptSql.SealPayload, cancellationToken, ("p", protector.Protect(batch.Payload, batchId)), ("b", batchId));

        foreach (var instance in batch.Instances)
        {
            await ExecuteAsync(connection, tx, AcceptSql.InsertDelivery, cancellationToken, ("b", batchId), ("s", info.SessionId), ("i", instance), ("now", now));
        }

        await ExecuteAsync(connection, tx, AcceptSql.WakeWaiting, cancellationToken, ("s", info.SessionId), ("now", now), ("yes", true));

        await tx.CommitAsync(cancellationToken);
        var stored = new StoredBatch(batchId, info.SessionId, info.Sequence, batch.UserCount, batch.SkippedCount, batch.SkippedReasons, batch.Instances);
        return new AcceptOutcome.Stored(stored);
    }

    private static async Task<SessionSoFar?> ReadSessionAsync(SqliteConnection connection, SqliteTransaction tx, long sessionId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, AcceptSql.ReadSession, ("s", sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SessionSoFar(reader.GetString(0), StoreFormats.ParseType(reader.GetString(1)), reader.GetInt64(2) != 0, reader.GetInt32(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5));
    }

    private static async Task<(StoredBatch Batch, string Hash)?> FindBatchAsync(SqliteConnection connection, SqliteTransaction tx, long sessionId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, AcceptSql.FindBatch, ("s", sessionId), ("q", sequence));
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

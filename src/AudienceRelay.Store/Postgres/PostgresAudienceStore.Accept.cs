using System.Data;
using AudienceRelay.Core.Contract;
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
        if (SessionRules.Check(session, batch.Incoming) is { } violation)
        {
            return AcceptOutcome.Rejected(violation);
        }

        var sequenceBase = SessionRules.LearnBase(session?.SequenceBase, info.Sequence, info.TotalBatches);
        // The id is drawn first because the key binds the ciphertext to its row: the batch is then
        // written once, already sealed.
        var batchId = await ScalarAsync<long>(connection, "SELECT nextval(pg_get_serial_sequence('batches', 'batch_id'))", cancellationToken);

        await using var write = connection.CreateBatch();
        var sequenceBaseParameter = Typed("base", NpgsqlTypes.NpgsqlDbType.Integer, sequenceBase);
        write.BatchCommands.Add(session is null
            ? BatchCommand(AcceptSql.InsertSession(SqlDialect.Postgres),
                ("s", info.SessionId), ("name", batch.Name), ("aname", batch.AudienceName), ("type", StoreFormats.TypeText(batch.Type)),
                ("dp", batch.DisablePrefix), ("tb", info.TotalBatches), ("tu", info.TotalUsers), ("base", sequenceBaseParameter), ("now", now))
            : BatchCommand(AcceptSql.UpdateSession, ("s", info.SessionId), ("base", sequenceBaseParameter), ("tu", info.TotalUsers), ("now", now)));
        write.BatchCommands.Add(BatchCommand(AcceptSql.InsertBatch,
            ("b", batchId), ("s", info.SessionId), ("q", info.Sequence), ("h", batch.ContentHash), ("u", batch.UserCount), ("k", batch.SkippedCount),
            ("r", StoreFormats.ReasonsJson(batch.SkippedReasons)), ("i", batch.Instances.ToArray()), ("p", protector.Protect(batch.Payload, batchId)), ("now", now)));
        foreach (var instance in batch.Instances)
        {
            write.BatchCommands.Add(BatchCommand(AcceptSql.InsertDelivery, ("b", batchId), ("s", info.SessionId), ("i", instance), ("now", now)));
        }

        write.BatchCommands.Add(BatchCommand(AcceptSql.WakeWaiting, ("s", info.SessionId), ("now", now), ("yes", true)));
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

    private static async Task<SessionSoFar?> ReadSessionAsync(NpgsqlConnection connection, long sessionId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, AcceptSql.ReadSession, ("s", sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SessionSoFar(reader.GetString(0), StoreFormats.ParseType(reader.GetString(1)), reader.GetBoolean(2), reader.GetInt32(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5));
    }

    private static async Task<(StoredBatch Batch, string Hash)?> FindBatchAsync(NpgsqlConnection connection, long sessionId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, AcceptSql.FindBatch, ("s", sessionId), ("q", sequence));
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

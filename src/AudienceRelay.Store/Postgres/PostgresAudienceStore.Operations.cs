using System.Data;
using AudienceRelay.Store.Operations;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

public sealed partial class PostgresAudienceStore : IOperationsStore
{
    public async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(SessionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await OpenAsync(cancellationToken);
        return await OperationsSql.ListSessionsAsync(connection, filter, cancellationToken);
    }

    public Task<ActionOutcome> RetryDeliveryAsync(long deliveryId, string keyName, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => OperationsSql.RetryDeliveryAsync(c, tx, OperationsDialect.Postgres, deliveryId, keyName, now.ToUnixTimeMilliseconds(), cancellationToken), cancellationToken);

    public Task<ActionOutcome> RetrySessionAsync(long sessionId, string keyName, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => OperationsSql.RetrySessionAsync(c, tx, OperationsDialect.Postgres, sessionId, keyName, now.ToUnixTimeMilliseconds(), cancellationToken), cancellationToken);

    public async Task<ActionOutcome> CancelSessionAsync(long sessionId, string keyName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var outcome = await OperationsSql.CancelSessionAsync(connection, tx, OperationsDialect.Postgres, sessionId, keyName, now.ToUnixTimeMilliseconds(), cancellationToken);
        // Sync waiters on every node re-read the session's batches (sent at commit).
        await ExecuteAsync(connection, "SELECT pg_notify(@c, batch_id::text) FROM batches WHERE session_id = @s", cancellationToken,
            ("c", PostgresNotifications.FinishedChannel), ("s", sessionId));
        await tx.CommitAsync(cancellationToken);
        return outcome;
    }

    public async Task<IReadOnlyList<OperatorAction>> ListActionsAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await OperationsSql.ListActionsAsync(connection, sessionId, cancellationToken);
    }

    public async Task<IReadOnlyList<InstanceQueue>> ReadQueuesAsync(DateTimeOffset now, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await OperationsSql.ReadQueuesAsync(connection, now.ToUnixTimeMilliseconds(), since.ToUnixTimeMilliseconds(), cancellationToken);
    }

    public async Task<long> PayloadBytesWaitingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await OperationsSql.PayloadBytesWaitingAsync(connection, OperationsDialect.Postgres, cancellationToken);
    }

    public async Task SaveTraceParentAsync(long batchId, string traceParent, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await OperationsSql.SaveTraceParentAsync(connection, batchId, traceParent, cancellationToken);
    }

    public async Task<string?> ReadTraceParentAsync(long batchId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await OperationsSql.ReadTraceParentAsync(connection, batchId, cancellationToken);
    }

    /// <summary>Runs a retry and, at commit, wakes the dispatchers of every node for the instances it made due.</summary>
    private async Task<ActionOutcome> InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task<(ActionOutcome Outcome, IReadOnlyList<string> Instances)>> action, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var (outcome, instances) = await action(connection, tx);
        foreach (var instance in instances)
        {
            await ExecuteAsync(connection, "SELECT pg_notify(@c, @i)", cancellationToken, ("c", PostgresNotifications.QueueChannel), ("i", instance));
        }

        await tx.CommitAsync(cancellationToken);
        return outcome;
    }
}

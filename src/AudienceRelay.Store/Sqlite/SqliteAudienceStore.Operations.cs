using AudienceRelay.Store.Operations;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

public sealed partial class SqliteAudienceStore : IOperationsStore
{
    public async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(SessionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await OpenAsync(cancellationToken);
        return await OperationsSql.ListSessionsAsync(connection, filter, cancellationToken);
    }

    public Task<ActionOutcome> RetryDeliveryAsync(long deliveryId, string keyName, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) => (await OperationsSql.RetryDeliveryAsync(c, tx, OperationsDialect.Sqlite, deliveryId, keyName, now.ToUnixTimeMilliseconds(), cancellationToken)).Outcome, cancellationToken);

    public Task<ActionOutcome> RetrySessionAsync(long sessionId, string keyName, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) => (await OperationsSql.RetrySessionAsync(c, tx, OperationsDialect.Sqlite, sessionId, keyName, now.ToUnixTimeMilliseconds(), cancellationToken)).Outcome, cancellationToken);

    public Task<ActionOutcome> CancelSessionAsync(long sessionId, string keyName, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => OperationsSql.CancelSessionAsync(c, tx, OperationsDialect.Sqlite, sessionId, keyName, now.ToUnixTimeMilliseconds(), cancellationToken), cancellationToken);

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
        return await OperationsSql.PayloadBytesWaitingAsync(connection, OperationsDialect.Sqlite, cancellationToken);
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

    private async Task<ActionOutcome> InTransactionAsync(Func<SqliteConnection, SqliteTransaction, Task<ActionOutcome>> action, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await action(connection, tx);
        await tx.CommitAsync(cancellationToken);
        return outcome;
    }
}

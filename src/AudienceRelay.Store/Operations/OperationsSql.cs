using System.Data;
using System.Data.Common;

namespace AudienceRelay.Store.Operations;

/// <summary>
/// The operator actions, written once for both engines (both accept <c>@name</c> parameters). What differs
/// is given by <see cref="OperationsDialect"/>: PostgreSQL locks the batch rows first, in the order
/// <c>CompleteAsync</c> does, so an action and a delivery ending at the same time take turns instead of
/// deadlocking or purging a payload that a retry is about to need.
/// </summary>
internal static partial class OperationsSql
{
    private const string Retryable = """
        (d.state = 'pending' OR (d.state IN ('failed', 'dead')
          AND EXISTS (SELECT 1 FROM batches b WHERE b.batch_id = d.batch_id AND b.payload IS NOT NULL)))
        """;

    // A failed or dead delivery retried by an operator starts a new Delivery:MaxAge window (created_at is
    // what its age counts from); a pending one keeps its age and only stops waiting.
    private const string MakeDue = """
        UPDATE deliveries SET next_attempt_at = @now, updated_at = @now, finished_at = NULL,
          created_at = CASE WHEN state = 'pending' THEN created_at ELSE @now END, state = 'pending'
        """;

    public static async Task<(ActionOutcome Outcome, IReadOnlyList<string> Instances)> RetryDeliveryAsync(
        DbConnection connection, DbTransaction tx, OperationsDialect dialect, long deliveryId, string keyName, long now, CancellationToken cancellationToken)
    {
        if (dialect.LockRows.Length > 0)
        {
            await ExecuteAsync(connection, tx, $"SELECT 1 FROM batches WHERE batch_id = (SELECT batch_id FROM deliveries WHERE delivery_id = @d) {dialect.LockRows}", cancellationToken, P("@d", DbType.Int64, deliveryId));
        }

        long sessionId;
        string state;
        string instance;
        bool payloadHeld;
        await using (var command = Command(connection, tx, """
            SELECT d.session_id, d.state, d.instance, CASE WHEN b.payload IS NULL THEN 0 ELSE 1 END
            FROM deliveries d JOIN batches b ON b.batch_id = d.batch_id WHERE d.delivery_id = @d
            """, P("@d", DbType.Int64, deliveryId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (ActionOutcome.NotFound($"deliveryId: no delivery {deliveryId} exists."), []);
            }

            (sessionId, state, instance, payloadHeld) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) == 1);
        }

        var refusal = state switch
        {
            "leased" => $"delivery {deliveryId} is being worked on right now; it cannot be retried until this attempt ends.",
            "succeeded" => $"delivery {deliveryId} already succeeded; there is nothing to retry.",
            "failed" or "dead" when !payloadHeld => $"delivery {deliveryId} is {state} and its batch's users were already purged (every delivery of the batch had ended); upload the batch again to send it.",
            _ => null,
        };
        if (refusal is not null)
        {
            return (ActionOutcome.Refused(refusal), []);
        }

        var affected = await ExecuteAsync(connection, tx, MakeDue + " WHERE delivery_id = @d", cancellationToken, P("@d", DbType.Int64, deliveryId), P("@now", DbType.Int64, now));
        await RecordAsync(connection, tx, sessionId, deliveryId, "retry_delivery", keyName, affected, now, cancellationToken);
        return (ActionOutcome.Done(affected), [instance]);
    }

    public static async Task<(ActionOutcome Outcome, IReadOnlyList<string> Instances)> RetrySessionAsync(
        DbConnection connection, DbTransaction tx, OperationsDialect dialect, long sessionId, string keyName, long now, CancellationToken cancellationToken)
    {
        if (!await LockSessionAsync(connection, tx, dialect, sessionId, cancellationToken))
        {
            return (ActionOutcome.NotFound($"sessionId: no session {sessionId} has been received."), []);
        }

        var instances = await ListAsync(connection, tx, $"SELECT DISTINCT d.instance FROM deliveries d WHERE d.session_id = @s AND {Retryable} ORDER BY d.instance", cancellationToken, P("@s", DbType.Int64, sessionId));
        var affected = await ExecuteAsync(connection, tx, $"{MakeDue} WHERE session_id = @s AND delivery_id IN (SELECT d.delivery_id FROM deliveries d WHERE d.session_id = @s AND {Retryable})", cancellationToken,
            P("@s", DbType.Int64, sessionId), P("@now", DbType.Int64, now));
        if (affected == 0)
        {
            return (ActionOutcome.Refused($"session {sessionId} has no delivery to retry: each one succeeded, is being worked on, or ended with its users already purged."), []);
        }

        await RecordAsync(connection, tx, sessionId, null, "retry_session", keyName, affected, now, cancellationToken);
        return (ActionOutcome.Done(affected), instances);
    }

    public static async Task<ActionOutcome> CancelSessionAsync(
        DbConnection connection, DbTransaction tx, OperationsDialect dialect, long sessionId, string keyName, long now, CancellationToken cancellationToken)
    {
        if (!await LockSessionAsync(connection, tx, dialect, sessionId, cancellationToken))
        {
            return ActionOutcome.NotFound($"sessionId: no session {sessionId} has been received.");
        }

        // A leased delivery loses its lease here: its worker's write-back is fenced and discarded. What the
        // platform already received stays there; nothing more is sent.
        var affected = await ExecuteAsync(connection, tx, """
            UPDATE deliveries SET state = 'failed', last_error = @err, finished_at = @now, updated_at = @now,
              lease_owner = NULL, lease_token = NULL, lease_until = NULL
            WHERE session_id = @s AND state IN ('pending', 'leased')
            """, cancellationToken, P("@s", DbType.Int64, sessionId), P("@now", DbType.Int64, now), P("@err", DbType.String, $"cancelled by an operator (key {keyName})"));
        if (affected == 0)
        {
            return ActionOutcome.Refused($"session {sessionId} has no pending delivery to cancel.");
        }

        await ExecuteAsync(connection, tx, "UPDATE batches SET payload = NULL, purged_at = @now WHERE session_id = @s AND payload IS NOT NULL", cancellationToken,
            P("@s", DbType.Int64, sessionId), P("@now", DbType.Int64, now));
        await RecordAsync(connection, tx, sessionId, null, "cancel_session", keyName, affected, now, cancellationToken);
        return ActionOutcome.Done(affected);
    }

    private static async Task<bool> LockSessionAsync(DbConnection connection, DbTransaction tx, OperationsDialect dialect, long sessionId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, tx, $"SELECT batch_id FROM batches WHERE session_id = @s ORDER BY batch_id {dialect.LockRows}", cancellationToken, P("@s", DbType.Int64, sessionId));
        await using var command = Command(connection, tx, "SELECT COUNT(*) FROM sessions WHERE session_id = @s", P("@s", DbType.Int64, sessionId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static Task<int> RecordAsync(DbConnection connection, DbTransaction tx, long sessionId, long? deliveryId, string action, string keyName, int affected, long now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, tx, """
            INSERT INTO operator_actions (session_id, delivery_id, action, key_name, affected, created_at) VALUES (@s, @d, @a, @k, @n, @now)
            """, cancellationToken, P("@s", DbType.Int64, sessionId), P("@d", DbType.Int64, deliveryId), P("@a", DbType.String, action),
            P("@k", DbType.String, keyName), P("@n", DbType.Int32, affected), P("@now", DbType.Int64, now));
}

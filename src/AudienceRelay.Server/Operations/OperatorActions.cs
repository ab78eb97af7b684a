using AudienceRelay.Server.Delivery;
using AudienceRelay.Store.Operations;

namespace AudienceRelay.Server.Operations;

/// <summary>
/// The admin actions behind both the API and the page: each is one store transaction that also records
/// the action (when, which key name) in the session's status, then wakes this node's dispatcher or sync
/// waiters (other nodes hear it through the store's notifications or their next poll).
/// </summary>
internal sealed partial class OperatorActions(IOperationsStore store, DeliverySignals signals, TimeProvider time, ILogger<OperatorActions> logger)
{
    public async Task<ActionOutcome> RetryDeliveryAsync(long deliveryId, string keyName, CancellationToken cancellationToken)
    {
        var outcome = await store.RetryDeliveryAsync(deliveryId, keyName, time.GetUtcNow(), cancellationToken);
        return Done(outcome, "retry_delivery", deliveryId, keyName, signals.Queue);
    }

    public async Task<ActionOutcome> RetrySessionAsync(long sessionId, string keyName, CancellationToken cancellationToken)
    {
        var outcome = await store.RetrySessionAsync(sessionId, keyName, time.GetUtcNow(), cancellationToken);
        return Done(outcome, "retry_session", sessionId, keyName, signals.Queue);
    }

    public async Task<ActionOutcome> CancelSessionAsync(long sessionId, string keyName, CancellationToken cancellationToken)
    {
        var outcome = await store.CancelSessionAsync(sessionId, keyName, time.GetUtcNow(), cancellationToken);
        return Done(outcome, "cancel_session", sessionId, keyName, signals.Finished);
    }

    private ActionOutcome Done(ActionOutcome outcome, string action, long target, string keyName, DeliverySignal wake)
    {
        if (outcome.Status == ActionStatus.Done)
        {
            ActionTaken(logger, action, target, keyName, outcome.Affected);
            wake.Wake();
        }

        return outcome;
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "Operator action {Action} on {Target} by key {KeyName}: {Affected} deliveries changed")]
    private static partial void ActionTaken(ILogger logger, string action, long target, string keyName, int affected);
}

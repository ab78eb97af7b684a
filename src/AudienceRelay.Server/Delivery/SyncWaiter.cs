using AudienceRelay.Server.Errors;
using AudienceRelay.Server.Sessions;
using AudienceRelay.Server.Uploads;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// Answers <c>sync=true</c>: waits until every delivery of the batch has ended, reading the outcome
/// from the store (so it holds when another node does the delivery), woken early by this node's
/// deliveries and otherwise re-reading at the poll interval. A delivery that waits for its session's
/// other batches is not waited for: the answer comes at once, 202, with that delivery marked. When
/// <c>Delivery:SyncTimeout</c> runs out it answers 202 with what is still pending; the work goes on in
/// the background. Each delivery is listed once: ended ones in <c>results</c>, open ones in <c>pending</c>.
/// </summary>
internal sealed class SyncWaiter(IStatusStore store, DeliverySignals signals, TimeProvider time, IOptions<DeliveryOptions> options)
{
    public async Task<IResult> AnswerAsync(UploadAnswer answer, long batchId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.SyncTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        IReadOnlyList<DeliveryRecord> deliveries;
        IReadOnlySet<long> waiting;
        while (true)
        {
            var wake = signals.Finished.NextAsync();
            deliveries = await store.GetBatchDeliveriesAsync(batchId, cancellationToken);
            waiting = await WaitingForSessionAsync(answer.SessionId, deliveries, cancellationToken);
            if (deliveries.All(d => d.State.IsTerminal() || waiting.Contains(d.DeliveryId)) || timeout.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await wake.WaitAsync(settings.PollInterval, time, linked.Token);
            }
            catch (TimeoutException)
            {
                // The poll interval passed: read the store again (another node may have finished).
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // SyncTimeout ran out: one last read, then answer with what is pending.
            }
        }

        var ended = deliveries.Where(d => d.State.IsTerminal()).ToList();
        var failures = ended.Where(d => d.State != DeliveryState.Succeeded).ToList();
        var open = deliveries.Where(d => !d.State.IsTerminal()).ToList();
        if (failures.Count > 0 && open.All(d => waiting.Contains(d.DeliveryId)))
        {
            // Everything that could end has ended, and something failed: the client hears of it now.
            var errors = failures.Select(d => $"{d.Instance}: {d.LastError ?? d.State.ToText()}");
            return ApiProblem.Create(StatusCodes.Status400BadRequest, errors, deliveries.Select(d => ToResult(d, waiting)).ToList());
        }

        if (open.Count > 0)
        {
            var accepted = answer with
            {
                Results = ended.Select(d => ToResult(d, waiting)).ToList(),
                Pending = open.Select(d => ToResult(d, waiting)).ToList(),
                StatusUrl = $"/audience/sessions/{answer.SessionId}",
            };
            return Results.Json(accepted, ApiJsonContext.Default.UploadAnswer, statusCode: StatusCodes.Status202Accepted);
        }

        return Results.Json(answer with { Results = ended.Select(d => ToResult(d, waiting)).ToList() }, ApiJsonContext.Default.UploadAnswer);
    }

    /// <summary>
    /// The open deliveries of the batch that cannot end before more batches of the session arrive: the session is not
    /// complete and a delivery of it at the same instance was written back as waiting for the session. (With one
    /// delivery of a session at a time, the first one says so for the others queued behind it.)
    /// </summary>
    private async Task<IReadOnlySet<long>> WaitingForSessionAsync(long sessionId, IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken)
    {
        var open = deliveries.Where(d => !d.State.IsTerminal()).ToList();
        if (open.Count == 0)
        {
            return new HashSet<long>();
        }

        var session = await store.GetSessionAsync(sessionId, cancellationToken);
        if (session is null || session.Complete)
        {
            return new HashSet<long>();
        }

        var waitingInstances = session.Batches.SelectMany(b => b.Deliveries).Where(d => d.WaitingForSession).Select(d => d.Instance).ToHashSet(StringComparer.Ordinal);
        return open.Where(d => waitingInstances.Contains(d.Instance)).Select(d => d.DeliveryId).ToHashSet();
    }

    private static InstanceResult ToResult(DeliveryRecord d, IReadOnlySet<long> waiting) => new()
    {
        Instance = d.Instance,
        State = d.State.ToText(),
        AudienceId = d.AudienceId,
        UsersSent = d.UsersSent,
        UsersSkipped = d.UsersSkipped,
        PlatformCounts = DeliveryStatus.Json(d.PlatformCounts),
        Error = d.State == DeliveryState.Succeeded ? null : d.LastError,
        Attempts = d.Attempts,
        WaitingForSession = waiting.Contains(d.DeliveryId),
    };
}

using AudienceRelay.Server.Errors;
using AudienceRelay.Server.Uploads;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// Answers <c>sync=true</c>: waits until every delivery of the batch has ended, reading the outcome
/// from the store (so it holds when another node does the delivery), woken early by this node's
/// deliveries and otherwise re-reading at the poll interval. When <c>Delivery:SyncTimeout</c> runs
/// out it answers 202 with what is still pending; the work goes on in the background.
/// </summary>
internal sealed class SyncWaiter(IAudienceStore store, DeliverySignals signals, TimeProvider time, IOptions<DeliveryOptions> options)
{
    public async Task<IResult> AnswerAsync(UploadAnswer answer, long batchId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.SyncTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        IReadOnlyList<DeliveryStatus> deliveries;
        while (true)
        {
            var wake = signals.Finished.NextAsync();
            deliveries = await store.GetBatchDeliveriesAsync(batchId, cancellationToken);
            if (deliveries.All(d => d.State.IsTerminal()) || timeout.IsCancellationRequested)
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

        var results = deliveries.Select(ToResult).ToList();
        if (!deliveries.All(d => d.State.IsTerminal()))
        {
            var pending = results.Where(r => r.State is DeliveryStates.Pending or DeliveryStates.Leased).ToList();
            var accepted = answer with { Results = results, Pending = pending, StatusUrl = $"/audience/sessions/{answer.SessionId}" };
            return Results.Json(accepted, ApiJsonContext.Default.UploadAnswer, statusCode: StatusCodes.Status202Accepted);
        }

        var failures = deliveries.Where(d => d.State != DeliveryState.Succeeded).ToList();
        if (failures.Count > 0)
        {
            var errors = failures.Select(d => $"{d.Instance}: {d.LastError ?? d.State.ToText()}");
            return ApiProblem.Create(StatusCodes.Status400BadRequest, errors, results);
        }

        return Results.Json(answer with { Results = results }, ApiJsonContext.Default.UploadAnswer);
    }

    private static InstanceResult ToResult(DeliveryStatus d) => new()
    {
        Instance = d.Instance,
        State = d.State.ToText(),
        AudienceId = d.AudienceId,
        UsersSent = d.UsersSent,
        UsersSkipped = d.UsersSkipped,
        PlatformCounts = d.PlatformCounts,
        Error = d.State == DeliveryState.Succeeded ? null : d.LastError,
        Attempts = d.Attempts,
    };
}

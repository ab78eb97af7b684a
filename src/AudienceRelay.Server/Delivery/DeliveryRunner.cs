using System.Text.Json;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// Works one leased delivery: renews the lease while it runs, resolves the audience, hands the batch
/// to the provider and writes the outcome back under the lease (a worker that lost its lease cannot
/// overwrite what the new holder writes).
/// </summary>
internal sealed partial class DeliveryRunner(
    IDeliveryQueue store,
    IAudienceIdStore audienceIds,
    IUploadSessionStore sessions,
    ProviderRegistry providers,
    AudienceResolver audiences,
    BatchIdentityCache identities,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    ILogger<DeliveryRunner> logger)
{
    private readonly Backoff _backoff = new(options.Value.RetryBaseDelay, options.Value.MaxRetryDelay, Random.Shared);

    /// <summary>
    /// Works the delivery to its end. <paramref name="handBack"/> fires when the node's shutdown drain ran out:
    /// the unfinished delivery is then written back pending, with no attempt used, for another node to take at once.
    /// </summary>
    public async Task RunAsync(DeliveryLease lease, CancellationToken handBack)
    {
        using var span = Observability.AudienceTracing.StartDelivery(lease, await Observability.AudienceTracing.ParentOfAsync(store, lease));
        using var leaseLost = new CancellationTokenSource();
        using var working = CancellationTokenSource.CreateLinkedTokenSource(handBack, leaseLost.Token);
        var ticks = new DeliverySignal();
        using var renewal = RenewWhileWorkingAsync(lease, leaseLost, ticks);
        DeliveryResult result;
        try
        {
            var (outcome, audienceId) = await DeliverAsync(lease, working.Token);
            result = ToResult(lease, outcome, audienceId);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            // Another worker holds the delivery now and writes its outcome.
            LeaseLost(logger, lease.DeliveryId, lease.Instance);
            Observability.AudienceMetrics.LeaseLost(lease.Instance);
            return;
        }
        catch (OperationCanceledException) when (handBack.IsCancellationRequested)
        {
            DeliveryHandedBack(logger, lease.DeliveryId, lease.Instance);
            result = HandBack(lease);
        }
        catch (PayloadUnreadableException ex)
        {
            // No retry can open it (a key this node lacks, or damaged data): failed at once, saying why.
            result = ToResult(lease, new DeliveryOutcome.Failed(ex.Message), null);
        }
        catch (Exception ex)
        {
            // An unexpected fault in our own code or a client: retried like a transient failure, logged
            // by type only (a message could quote the data it choked on).
            DeliveryCrashed(logger, lease.DeliveryId, lease.Instance, ex.GetType().FullName ?? "exception");
            result = ToResult(lease, new DeliveryOutcome.Retry($"internal error ({ex.GetType().Name})"), null);
        }

        result = result with { LastError = ReasonRedactor.Redact(result.LastError) };
        switch (await WriteBackAsync(lease, result, ticks, handBack, leaseLost.Token))
        {
            case true:
                Observability.AudienceMetrics.DeliveryCompleted(lease.Instance, result);
                DeliveryEnded(logger, lease.DeliveryId, lease.Instance, result.State.ToText(), result.Attempts);
                break;
            case false:
                LeaseLost(logger, lease.DeliveryId, lease.Instance);
                Observability.AudienceMetrics.LeaseLost(lease.Instance);
                break;
            default:
                WriteBackAbandoned(logger, lease.DeliveryId, lease.Instance);
                break;
        }
    }

    /// <summary>
    /// Writes the outcome under the lease. The platform may already hold the batch, so a store that fails for a
    /// moment must not lose the outcome: the write is retried (the lease is still being renewed meanwhile) until it
    /// lands (true), the lease is lost (false), or the node's shutdown drain runs out (null).
    /// </summary>
    private async Task<bool?> WriteBackAsync(DeliveryLease lease, DeliveryResult result, DeliverySignal ticks, CancellationToken handBack, CancellationToken leaseLost)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(handBack, leaseLost);
        for (var attempt = 1; ; attempt++)
        {
            // Taken before the attempt, so a renewal during a slow failing write is not missed.
            var nextRenewal = ticks.NextAsync();
            try
            {
                return await store.CompleteAsync(lease.DeliveryId, lease.LeaseToken, result, CancellationToken.None);
            }
            catch (Exception ex)
            {
                WriteBackFailed(logger, lease.DeliveryId, lease.Instance, attempt, ex.GetType().Name);
            }

            try
            {
                // Paced by the lease renewal: each retry comes with a lease that is still ours.
                await nextRenewal.WaitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                return leaseLost.IsCancellationRequested ? false : null;
            }
        }
    }

    /// <summary>The result of a delivery cut short by shutdown: pending and due now, no attempt used, the lease released.</summary>
    private DeliveryResult HandBack(DeliveryLease lease)
    {
        var now = time.GetUtcNow();
        return new DeliveryResult
        {
            State = DeliveryState.Pending,
            Attempts = lease.Attempts,
            NextAttemptAt = now,
            LastError = "handed back unfinished when its node shut down",
            Now = now,
        };
    }

    private async Task<(DeliveryOutcome Outcome, string? AudienceId)> DeliverAsync(DeliveryLease lease, CancellationToken cancellationToken)
    {
        var provider = providers.Find(lease.Instance);
        if (provider is null)
        {
            return (new DeliveryOutcome.Retry($"provider instance '{lease.Instance}' is not configured on this node"), null);
        }

        // Held for this attempt only: between attempts (backoff, waiting for the session) a batch costs no memory.
        using var hold = await identities.HoldAsync(lease.BatchId, cancellationToken);
        if (hold is null)
        {
            return (new DeliveryOutcome.Failed("the batch's payload is gone (already purged)"), null);
        }

        var batch = hold.Identities;

        var request = new AudienceRequest(lease.AudienceName, lease.Type);
        var session = new StoreDeliverySession(store, sessions, identities, lease);
        string? goneId = null;
        while (true)
        {
            var resolution = await audiences.ResolveAsync(provider, request, cancellationToken);
            if (resolution.Problem is { } problem)
            {
                return (problem, null);
            }

            var work = new DeliveryWork
            {
                AudienceId = resolution.AudienceId!,
                AudienceName = lease.AudienceName,
                Type = lease.Type,
                Batch = lease.Batch,
                Users = batch.Users,
                Keys = batch.Keys,
                Hashes = batch.Hashes,
                Session = session,
                Attempt = lease.Attempts + 1,
            };
            var outcome = await provider.DeliverAsync(work, cancellationToken);
            if (outcome is not DeliveryOutcome.AudienceGone gone)
            {
                return (goneId is null ? outcome : Recreated(outcome, goneId), resolution.AudienceId);
            }

            if (goneId is not null)
            {
                return (new DeliveryOutcome.Failed($"the platform says the audience is gone again after it was resolved anew: {gone.Reason}"), resolution.AudienceId);
            }

            // The platform forgot the audience (deleted in its UI, or a sandbox restarted): forget the
            // remembered id and resolve the name once more, which finds or creates it afresh.
            goneId = resolution.AudienceId!;
            AudienceGoneResolvingAgain(logger, lease.DeliveryId, lease.Instance);
            await audienceIds.ForgetAudienceAsync(lease.Instance, lease.AudienceName, goneId, cancellationToken);
        }
    }

    /// <summary>Says in the delivery's status that its audience was resolved anew (succeeded deliveries keep no error text, so the note rides on the counts).</summary>
    private static DeliveryOutcome Recreated(DeliveryOutcome outcome, string goneId) => outcome switch
    {
        DeliveryOutcome.Succeeded ok => new DeliveryOutcome.Succeeded(ok.Counts with
        {
            PlatformCounts = new Dictionary<string, long>(ok.Counts.PlatformCounts) { ["audience_resolved_again"] = 1 },
        }),
        DeliveryOutcome.Retry retry => retry with { Reason = $"audience {goneId} was gone and was resolved anew; {retry.Reason}" },
        DeliveryOutcome.Failed failed => failed with { Reason = $"audience {goneId} was gone and was resolved anew; {failed.Reason}" },
        _ => outcome,
    };

    private DeliveryResult ToResult(DeliveryLease lease, DeliveryOutcome outcome, string? audienceId)
    {
        var now = time.GetUtcNow();
        var age = now - lease.CreatedAt;
        var maxAge = options.Value.MaxAge;
        switch (outcome)
        {
            case DeliveryOutcome.Succeeded ok:
                return new DeliveryResult
                {
                    State = DeliveryState.Succeeded,
                    Attempts = lease.Attempts + 1,
                    UsersSent = ok.Counts.UsersSent,
                    UsersSkipped = ok.Counts.UsersSkipped,
                    SkippedReasons = JsonSerializer.Serialize(ok.Counts.SkippedReasons.ToDictionary(), DeliveryJsonContext.Default.DictionaryStringInt32),
                    PlatformCounts = JsonSerializer.Serialize(ok.Counts.PlatformCounts.ToDictionary(), DeliveryJsonContext.Default.DictionaryStringInt64),
                    AudienceId = audienceId,
                    Now = now,
                };
            case DeliveryOutcome.Failed failed:
                return new DeliveryResult { State = DeliveryState.Failed, Attempts = lease.Attempts + 1, LastError = failed.Reason, AudienceId = audienceId, Now = now };
            case DeliveryOutcome.Wait wait:
                return age + wait.Recheck > maxAge
                    ? new DeliveryResult { State = DeliveryState.Dead, Attempts = lease.Attempts, LastError = $"gave up after {maxAge}: {wait.Reason}", AudienceId = audienceId, Now = now }
                    : new DeliveryResult { State = DeliveryState.Pending, Attempts = lease.Attempts, LastError = wait.Reason, NextAttemptAt = now + wait.Recheck, WaitingForSession = true, AudienceId = audienceId, Now = now };
            case DeliveryOutcome.Retry retry:
                // A throttle is the platform pacing us, not the delivery failing: it keeps its attempts.
                var attempts = retry.Throttled ? lease.Attempts : lease.Attempts + 1;
                var delay = _backoff.Delay(Math.Max(attempts, 1), retry.After);
                return age + delay > maxAge
                    ? new DeliveryResult { State = DeliveryState.Dead, Attempts = attempts, LastError = $"gave up after {maxAge}: {retry.Reason}", AudienceId = audienceId, Now = now }
                    : new DeliveryResult { State = DeliveryState.Pending, Attempts = attempts, LastError = retry.Reason, NextAttemptAt = now + delay, AudienceId = audienceId, Now = now };
            case DeliveryOutcome.AudienceGone gone:
                return new DeliveryResult { State = DeliveryState.Failed, Attempts = lease.Attempts + 1, LastError = gone.Reason, AudienceId = audienceId, Now = now };
            default:
                throw new InvalidOperationException("Unknown delivery outcome.");
        }
    }

    /// <summary>Renews the lease every third of its duration until disposed; each renewal wakes <paramref name="ticks"/>.</summary>
    private IDisposable RenewWhileWorkingAsync(DeliveryLease lease, CancellationTokenSource lost, DeliverySignal ticks)
    {
        var duration = options.Value.LeaseDuration;
        return time.CreateTimer(
            _ => _ = RenewAsync(),
            null,
            duration / 3,
            duration / 3);

        async Task RenewAsync()
        {
            try
            {
                if (!await store.RenewLeaseAsync(lease.DeliveryId, lease.LeaseToken, time.GetUtcNow() + duration, CancellationToken.None))
                {
                    await lost.CancelAsync();
                }
            }
            catch (ObjectDisposedException)
            {
                // The delivery already ended; its lease no longer matters.
            }
            catch (Exception ex)
            {
                // A failed renewal is not fatal: the next tick tries again before the lease runs out.
                RenewFailed(logger, lease.DeliveryId, ex.GetType().Name);
            }

            ticks.Wake();
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {Instance}: {State} after {Attempts} attempts")]
    private static partial void DeliveryEnded(ILogger logger, long deliveryId, string instance, string state, int attempts);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {Instance} lost its lease; its outcome was discarded")]
    private static partial void LeaseLost(ILogger logger, long deliveryId, string instance);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Delivery {DeliveryId} to {Instance} failed unexpectedly with {ExceptionType}; it will be retried")]
    private static partial void DeliveryCrashed(ILogger logger, long deliveryId, string instance, string exceptionType);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {Instance} did not finish before the shutdown timeout; handing it back")]
    private static partial void DeliveryHandedBack(ILogger logger, long deliveryId, string instance);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Writing the outcome of delivery {DeliveryId} to {Instance} failed (attempt {Attempt}, {Error}); trying again while the lease is held")]
    private static partial void WriteBackFailed(ILogger logger, long deliveryId, string instance, int attempt, string error);

    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "Gave up writing the outcome of delivery {DeliveryId} to {Instance} at shutdown; its lease runs out and it is taken up again")]
    private static partial void WriteBackAbandoned(ILogger logger, long deliveryId, string instance);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {Instance}: the platform no longer has the remembered audience; resolving its name again")]
    private static partial void AudienceGoneResolvingAgain(ILogger logger, long deliveryId, string instance);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Renewing the lease of delivery {DeliveryId} failed ({Error})")]
    private static partial void RenewFailed(ILogger logger, long deliveryId, string error);
}

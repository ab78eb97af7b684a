using AudienceRelay.Server.Delivery;
using AudienceRelay.Store;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Maintenance;

/// <summary>
/// The sweeper and retention, on one node at a time (the store's maintenance lock; an advisory lock on
/// PostgreSQL). Every <c>Store:SweepInterval</c>: deliveries that are still pending (or whose lease ran out)
/// <c>Delivery:MaxAge</c> after their batch arrived are marked dead and their payloads purged, including
/// those of instances no node configures any more; incomplete primary sessions older than
/// <c>Store:Retention</c> are closed as abandoned; ended sessions older than that are deleted. All of it in
/// small chunks, so accepts and claims never wait long behind it.
/// </summary>
internal sealed partial class StoreSweeper(
    IStoreMaintenance store,
    DeliverySignals signals,
    TimeProvider time,
    IOptions<DeliveryOptions> delivery,
    IOptions<StoreOptions> options,
    ILogger<StoreSweeper> logger) : BackgroundService
{
    /// <summary>Rows per statement; a run stops after <see cref="MaxChunks"/> chunks of one kind and goes on at the next tick.</summary>
    internal const int Chunk = 200;
    private const int MaxChunks = 50;

    /// <summary>Woken after each run of the timer (for tests and operators' probes, never a sleep).</summary>
    internal DeliverySignal Ran { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next tick tries again; the type only, as a message could quote data.
                SweepFailed(logger, ex.GetType().Name);
            }

            Ran.Wake();
        }
    }

    /// <summary>One sweep; false when another node holds the maintenance lock.</summary>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var held = await store.TryLockMaintenanceAsync(cancellationToken);
        if (held is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var maxAge = delivery.Value.MaxAge;
        var cutoff = now - options.Value.Retention;
        var reason = $"gave up after {maxAge}: not delivered in time (its instance may no longer be configured on any node)";
        var dead = await RepeatAsync(() => store.SweepExpiredAsync(now - maxAge, now, reason, Chunk, cancellationToken));
        var abandoned = await RepeatAsync(() => store.AbandonPrimarySessionsAsync(cutoff, now, Chunk, cancellationToken));
        var deleted = await RepeatAsync(() => store.DeleteEndedSessionsAsync(cutoff, Chunk, cancellationToken));
        if (dead + abandoned > 0)
        {
            // Sync waiters and the dispatcher look again at what just ended.
            signals.Finished.Wake();
        }

        if (dead + abandoned + deleted > 0)
        {
            Swept(logger, dead, abandoned, deleted);
        }

        return true;
    }

    private static async Task<int> RepeatAsync(Func<Task<int>> chunk)
    {
        var total = 0;
        for (var i = 0; i < MaxChunks; i++)
        {
            var done = await chunk();
            total += done;
            if (done < Chunk)
            {
                break;
            }
        }

        return total;
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Store maintenance: {Dead} expired deliveries marked dead, {Abandoned} primary sessions abandoned, {Deleted} ended sessions deleted")]
    private static partial void Swept(ILogger logger, int dead, int abandoned, int deleted);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Store maintenance failed ({Error}); it runs again at the next interval")]
    private static partial void SweepFailed(ILogger logger, string error);
}

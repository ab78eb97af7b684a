using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// The hosted dispatcher: claims due deliveries per provider instance, up to the instance's
/// concurrency, and runs each on its own task. It sleeps until a batch is stored, a worker frees a
/// slot, or the poll interval passes (retries coming due, and other nodes' expired leases).
/// On stop (SIGTERM, a deploy) it stops claiming at once, lets the deliveries in flight finish within
/// <c>Delivery:ShutdownTimeout</c>, then cancels the rest, which hand their delivery back (see
/// <see cref="DeliveryRunner"/>): nothing is cut off mid-request and left leased for a lease's length.
/// </summary>
internal sealed partial class Dispatcher(
    IDeliveryQueue store,
    ProviderRegistry providers,
    DeliveryRunner runner,
    DeliverySignals signals,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    IOptions<StoreOptions> storeOptions,
    ILogger<Dispatcher> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // Cancelled only when the drain runs out of time: in-flight work is not tied to the stopping token.
    private readonly CancellationTokenSource _handBack = new();

    /// <summary>
    /// Waits for the deliveries in flight without the host's own shutdown timeout: ours bounds the drain, and
    /// the hand-back after it must get to write.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken) => base.StopAsync(CancellationToken.None);

    public override void Dispose()
    {
        _handBack.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (storeOptions.Value.Engine == "sqlite")
        {
            // One node owns an SQLite store, so any lease still held belongs to this node's previous,
            // crashed run: hand those deliveries back at once instead of waiting for the leases to expire.
            var released = await store.ReleaseAllLeasesAsync(time.GetUtcNow(), stoppingToken);
            if (released > 0)
            {
                LeasesReleased(logger, released);
            }
        }

        var running = new List<Task>();
        try
        {
            await ClaimUntilStoppedAsync(running, settings, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: claim nothing more.
        }

        await DrainAsync(running, settings.ShutdownTimeout);
    }

    private async Task ClaimUntilStoppedAsync(List<Task> running, DeliveryOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signals.Queue.NextAsync();
            running.RemoveAll(t => t.IsCompleted);
            foreach (var provider in providers.All)
            {
                var free = provider.Limits.Concurrency - InFlight(provider.Instance);
                if (free <= 0)
                {
                    continue;
                }

                IReadOnlyList<DeliveryLease> leases;
                try
                {
                    // Not cancelled midway: a claim that committed is always run (or handed back), never dropped.
                    stoppingToken.ThrowIfCancellationRequested();
                    leases = await store.ClaimAsync(new ClaimRequest(provider.Instance, free, _owner, settings.LeaseDuration, provider.Limits.OnePerSession, time.GetUtcNow()), CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    ClaimFailed(logger, provider.Instance, ex.GetType().Name);
                    continue;
                }

                foreach (var lease in leases)
                {
                    Track(provider.Instance, +1);
                    running.Add(RunAsync(lease, _handBack.Token));
                }
            }

            try
            {
                await wake.WaitAsync(settings.PollInterval, time, stoppingToken);
            }
            catch (TimeoutException)
            {
                // Poll interval: look at the queue again.
            }
        }
    }

    private async Task DrainAsync(List<Task> running, TimeSpan timeout)
    {
        running.RemoveAll(t => t.IsCompleted);
        Draining(logger, running.Count, timeout);
        var all = Task.WhenAll(running);
        try
        {
            // Wall-clock time on purpose: the drain bounds a real process's stop, and a test that drives the
            // node's clock by hand (FakeTimeProvider) must still be able to stop its server.
            await all.WaitAsync(timeout, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            running.RemoveAll(t => t.IsCompleted);
            HandingBack(logger, running.Count);
            await _handBack.CancelAsync();
            await all;
        }

        Drained(logger);
    }

    private async Task RunAsync(DeliveryLease lease, CancellationToken handBack)
    {
        await Task.Yield();
        try
        {
            await runner.RunAsync(lease, handBack);
        }
        catch (Exception ex)
        {
            // The runner writes every outcome itself; anything escaping it is a fault of ours. Observed and
            // logged (by type: a message could quote data), never left to an unobserved task.
            RunFaulted(logger, lease.DeliveryId, lease.Instance, ex.GetType().FullName ?? "exception");
        }
        finally
        {
            Track(lease.Instance, -1);
            signals.Queue.Wake();
            signals.Finished.Wake();
        }
    }

    private int InFlight(string instance)
    {
        lock (_gate)
        {
            return _inFlight.GetValueOrDefault(instance);
        }
    }

    private void Track(string instance, int delta)
    {
        lock (_gate)
        {
            _inFlight[instance] = _inFlight.GetValueOrDefault(instance) + delta;
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Released {Count} leases left by a previous run of this node")]
    private static partial void LeasesReleased(ILogger logger, int count);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Stopped claiming deliveries; {Count} in flight may finish within {Timeout}")]
    private static partial void Draining(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Shutdown timeout reached; handing back {Count} unfinished deliveries")]
    private static partial void HandingBack(ILogger logger, int count);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Dispatcher stopped")]
    private static partial void Drained(ILogger logger);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Delivery {DeliveryId} to {Instance}: the worker failed with {ExceptionType}; its lease runs out and it is taken up again")]
    private static partial void RunFaulted(ILogger logger, long deliveryId, string instance, string exceptionType);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Claiming deliveries for {Instance} failed ({Error}); will try again")]
    private static partial void ClaimFailed(ILogger logger, string instance, string error);
}

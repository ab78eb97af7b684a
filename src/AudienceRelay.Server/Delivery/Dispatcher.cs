using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// The hosted dispatcher: claims due deliveries per provider instance, up to the instance's
/// concurrency, and runs each on its own task. It sleeps until a batch is stored, a worker frees a
/// slot, or the poll interval passes (retries coming due, and other nodes' expired leases).
/// </summary>
internal sealed partial class Dispatcher(
    IAudienceStore store,
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
                    leases = await store.ClaimAsync(new ClaimRequest(provider.Instance, free, _owner, settings.LeaseDuration, provider.Limits.OnePerSession, time.GetUtcNow()), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    ClaimFailed(logger, provider.Instance, ex.GetType().Name);
                    continue;
                }

                foreach (var lease in leases)
                {
                    Track(provider.Instance, +1);
                    running.Add(RunAsync(lease, stoppingToken));
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
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        // Let in-flight deliveries write their outcome; the host's shutdown timeout bounds this.
        await Task.WhenAll(running);
    }

    private async Task RunAsync(DeliveryLease lease, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await runner.RunAsync(lease, stoppingToken);
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

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Claiming deliveries for {Instance} failed ({Error}); will try again")]
    private static partial void ClaimFailed(ILogger logger, string instance, string error);
}

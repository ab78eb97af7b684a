using AudienceRelay.Server.Delivery;
using AudienceRelay.Store.Postgres;

namespace AudienceRelay.Server.Scaling;

/// <summary>
/// Turns the store's notifications into this node's wake-ups: a batch stored or a session with more to
/// send on any node (<see cref="PostgresNotifications.QueueChannel"/>) wakes the dispatcher, a delivery
/// ended on any node (<see cref="PostgresNotifications.FinishedChannel"/>) wakes <c>sync=true</c>
/// waiters. Registered before the dispatcher, so it listens before the first claim. A lost notification
/// only delays work until the next <c>Delivery:PollInterval</c>.
/// </summary>
/// <remarks>It owns the listener (one connection outside the pool) and closes it when the node stops.</remarks>
internal sealed class NotificationBridge(PostgresNotifications notifications, DeliverySignals signals) : IHostedService, IAsyncDisposable
{
    private int _disposed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        notifications.Received += OnReceived;
        return notifications.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        notifications.Received -= OnReceived;
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await notifications.DisposeAsync();
        }
    }

    private void OnReceived(object? sender, PostgresNotification notification)
    {
        switch (notification.Channel)
        {
            case PostgresNotifications.QueueChannel:
                signals.Queue.Wake();
                break;
            case PostgresNotifications.FinishedChannel:
                signals.Finished.Wake();
                break;
        }
    }
}

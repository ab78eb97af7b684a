using System.Collections.Concurrent;
using System.Globalization;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Postgres;

/// <summary>Wake-ups between nodes: what one node's store does, another node's listener hears.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNotificationsTests(PostgresServer server) : PostgresTestBase(server)
{
    [PostgresFact]
    public async Task A_stored_batch_and_a_finished_delivery_wake_the_other_nodes()
    {
        var node = await NodeAsync();
        var listener = Own(new PostgresNotifications(ConnectionString, TimeProvider.System));
        var received = new ConcurrentQueue<PostgresNotification>();
        listener.Received += (_, n) => received.Enqueue(n);
        await listener.StartAsync(None);

        var queue = listener.NextAsync(PostgresNotifications.QueueChannel);
        var finished = listener.NextAsync(PostgresNotifications.FinishedChannel);
        var stored = Assert.IsType<AcceptOutcome.Stored>(await node.AcceptBatchAsync(TestBatches.Create(1, 0, T0), None)).Batch;
        await queue.WaitAsync(Patience);
        Assert.False(finished.IsCompleted);

        var lease = Assert.Single(await node.ClaimAsync(new ClaimRequest("meta", 1, "a", TimeSpan.FromMinutes(1), false, T0), None));
        Assert.True(await node.CompleteAsync(lease.DeliveryId, lease.LeaseToken, new DeliveryResult { State = DeliveryState.Succeeded, Attempts = 1, Now = T0 }, None));
        // Taken before the completion, so a notification that arrives at once is not missed.
        await finished.WaitAsync(Patience);

        var id = stored.BatchId.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(new PostgresNotification(PostgresNotifications.QueueChannel, id), received);
        Assert.Contains(new PostgresNotification(PostgresNotifications.FinishedChannel, id), received);
    }

    [PostgresFact]
    public async Task A_lost_connection_is_restored_and_every_channel_raised_once_back()
    {
        var node = await NodeAsync();
        var listener = Own(new PostgresNotifications(ConnectionString, TimeProvider.System));
        await listener.StartAsync(None);
        var queue = listener.NextAsync(PostgresNotifications.QueueChannel);
        var finished = listener.NextAsync(PostgresNotifications.FinishedChannel);

        Assert.True(await ScalarAsync<bool>("SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'audience-relay notifications' AND datname = current_database()"));

        await Task.WhenAll(queue, finished).WaitAsync(Patience);
        var again = listener.NextAsync(PostgresNotifications.QueueChannel);
        await node.AcceptBatchAsync(TestBatches.Create(2, 0, T0), None);
        await again.WaitAsync(Patience);
    }

    [PostgresFact]
    public async Task Only_the_two_channels_can_be_awaited()
    {
        await using var listener = new PostgresNotifications(ConnectionString, TimeProvider.System);

        Assert.Throws<ArgumentException>(() => { _ = listener.NextAsync("something_else"); });
    }
}

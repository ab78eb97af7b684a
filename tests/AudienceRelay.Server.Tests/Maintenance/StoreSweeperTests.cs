using System.Net;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Maintenance;

/// <summary>The sweeper and retention in the running server, driven by a fake clock.</summary>
public sealed class StoreSweeperTests
{
    [Fact]
    public async Task A_delivery_whose_instance_is_no_longer_configured_dies_after_max_age_and_its_session_later_answers_404()
    {
        // The first server accepts on the real clock; the fake one starts there.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var folder = Directory.CreateTempSubdirectory("audience-relay-sweep-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Providers:old:Type"] = "webhook",
            ["Providers:old:Url"] = "http://127.0.0.1:9/hook",
            ["Providers:old:Secret"] = WebhookReceiver.Secret,
            ["Delivery:Enabled"] = "false",
        };
        await using (var before = await TestServer.StartAsync(settings, folder: folder))
        {
            var (status, body, _) = await Upload.PostAsync(before.Http, Upload.Form("Orphan", "custom", Upload.Batch(7), Upload.Users(Upload.User("ola@example.com"))));
            Assert.True(status == 200, $"{status} {body}");
        }

        // The instance "old" is gone from the configuration; no node will ever claim its delivery.
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Providers:new:Type"] = "webhook",
            ["Providers:new:Url"] = "http://127.0.0.1:9/hook",
            ["Providers:new:Secret"] = WebhookReceiver.Secret,
            ["Delivery:MaxAge"] = "1.00:00:00",
            ["Store:Retention"] = "30.00:00:00",
            ["Store:SweepInterval"] = "00:10:00",
        }, time, folder);
        var sweeper = server.Get<AudienceRelay.Server.Maintenance.StoreSweeper>();

        Assert.True(await sweeper.RunOnceAsync(CancellationToken.None));
        Assert.Equal(DeliveryState.Pending, Waiting.Deliveries((await server.Get<IAudienceStore>().GetSessionAsync(7, CancellationToken.None))!).Single().State);

        // A day and a tick later, the sweeper's own timer finds it: dead, with the reason, and the payload purged.
        var ended = server.Get<AudienceRelay.Server.Delivery.DeliverySignals>().Finished.NextAsync();
        var ran = sweeper.Ran.NextAsync();
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(10));

        // The host runs ExecuteAsync off the start path, so under load the sweeper may arm its timer only after that
        // move: then move the clock one more interval at a time, while waiting on its run signal (bounded).
        for (var step = 0; step < 100 && !ran.IsCompleted; step++)
        {
            await Task.WhenAny(ran, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System));
            if (!ran.IsCompleted)
            {
                time.Advance(TimeSpan.FromMinutes(10));
            }
        }

        await ended.WaitAsync(TimeSpan.FromSeconds(30));
        await ran.WaitAsync(TimeSpan.FromSeconds(30));
        var status7 = (await server.Get<IAudienceStore>().GetSessionAsync(7, CancellationToken.None))!;
        var delivery = Assert.Single(Waiting.Deliveries(status7));
        Assert.Equal(DeliveryState.Dead, delivery.State);
        Assert.Contains("gave up after 1.00:00:00", delivery.LastError, StringComparison.Ordinal);
        Assert.True(status7.Batches.Single().PayloadPurged);

        // Past retention the session is deleted, and its status answers 404 like an unknown one.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("/audience/sessions/7", UriKind.Relative))).StatusCode);
        ran = sweeper.Ran.NextAsync();
        time.Advance(TimeSpan.FromDays(31));
        await ran.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(await server.Get<IAudienceStore>().GetSessionAsync(7, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync(new Uri("/audience/sessions/7", UriKind.Relative))).StatusCode);
    }
}

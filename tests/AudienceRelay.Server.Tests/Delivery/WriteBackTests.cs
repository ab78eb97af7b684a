using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>A store that fails to take the outcome after a successful send: the outcome is written later, the batch is not sent again.</summary>
public sealed class WriteBackTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _hook = null!;

    public async Task InitializeAsync() => _hook = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _hook.DisposeAsync();

    [Fact]
    public async Task A_failed_write_back_is_retried_under_the_renewed_lease_and_the_batch_is_sent_once()
    {
        FailingWriteBacks store = null!;
        await using var server = await TestServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Providers:hook:Type"] = "webhook",
                ["Providers:hook:Url"] = _hook.Url.ToString(),
                ["Providers:hook:Secret"] = WebhookReceiver.Secret,
                ["Delivery:LeaseDuration"] = "00:01:00",
            },
            _time,
            services: s => store = FailingWriteBacks.Install(s, failures: 2));

        var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("WriteBack", "custom", Upload.Batch(31), """[{"email":"a@example.com"}]"""));
        Assert.Equal(200, status);
        Assert.Equal(200, (await _hook.NextAsync()).AnsweredStatus);

        // Each failed write waits for the next lease renewal (a third of the lease); the clock moves one renewal at a time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.Failures.Reader.ReadAsync(timeout.Token);
        Waiting.Advance(server, _time, TimeSpan.FromSeconds(20));
        await store.Failures.Reader.ReadAsync(timeout.Token);
        Waiting.Advance(server, _time, TimeSpan.FromSeconds(20));

        var done = await Waiting.ForStateAsync(server, 31, DeliveryState.Succeeded);
        Assert.Equal(1, Assert.Single(Waiting.Deliveries(done)).Attempts);

        // Well past the lease: had it been left to expire, the delivery would be claimed and sent again.
        Waiting.Advance(server, _time, TimeSpan.FromMinutes(5));
        Assert.Single(_hook.All);
    }
}

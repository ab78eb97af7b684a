using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>The dispatcher end to end through the webhook provider; time is a FakeTimeProvider, so retries are driven, not slept.</summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _hook = null!;

    public async Task InitializeAsync() => _hook = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _hook.DisposeAsync();

    [Fact]
    public async Task A_batch_is_delivered_normalized_and_signed_then_its_payload_is_purged()
    {
        await using var server = await StartAsync();
        var users = """[{"email":"  Jane.Doe@Example.COM ","phone":"(650) 555-1212","country":"US","firstName":"Jane"},{"edgeTagId":"edge-9"},{"firstName":"nobody"}]""";
        var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("VIP", "custom", Upload.Batch(1, 1, 1, 3), users));
        Assert.Equal(200, status);

        var received = await _hook.NextAsync();
        Assert.True(received.SignatureValid);
        Assert.Equal("1-1-1", received.IdempotencyKey);
        Assert.Equal("blotout_VIP", received.Body.GetProperty("audience").GetProperty("name").GetString());
        var sent = received.Body.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal("jane.doe@example.com", sent[0].GetProperty("email").GetString());
        Assert.Equal("+16505551212", sent[0].GetProperty("phone").GetString());

        var session = await Waiting.ForStateAsync(server, 1, DeliveryState.Succeeded);
        var delivery = Assert.Single(Waiting.Deliveries(session));
        Assert.Equal(2, delivery.UsersSent);
        Assert.Equal(1, delivery.Attempts);
        Assert.True(Assert.Single(session.Batches).PayloadPurged);
        Assert.Equal(1, session.Batches[0].Skipped);
    }

    [Fact]
    public async Task A_5xx_is_retried_with_backoff_when_the_clock_reaches_the_next_attempt()
    {
        await using var server = await StartAsync();
        _hook.Answer(503);
        await Upload.PostAsync(server.Http, Upload.Form("Retry", "custom", Upload.Batch(2), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 2, s => Waiting.Deliveries(s).Any(d => d is { State: DeliveryState.Pending, Attempts: 1 }));
        var delivery = Assert.Single(Waiting.Deliveries(waiting));
        Assert.Contains("HTTP 503", delivery.LastError, StringComparison.Ordinal);
        // Base 10 s, first step, jitter in [0.5, 1]: due between 5 and 10 seconds from now.
        Assert.InRange(delivery.NextAttemptAt!.Value - _time.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.False(Assert.Single(waiting.Batches).PayloadPurged);

        Waiting.Advance(server, _time, TimeSpan.FromSeconds(10));
        var done = await Waiting.ForStateAsync(server, 2, DeliveryState.Succeeded);
        Assert.Equal(2, Assert.Single(Waiting.Deliveries(done)).Attempts);
        Assert.Equal(2, _hook.All.Count);
    }

    [Fact]
    public async Task A_throttle_honors_retry_after_and_does_not_use_an_attempt()
    {
        await using var server = await StartAsync();
        _hook.Answer(429, retryAfter: "120");
        await Upload.PostAsync(server.Http, Upload.Form("Throttle", "custom", Upload.Batch(3), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 3, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        var delivery = Assert.Single(Waiting.Deliveries(waiting));
        Assert.Equal(0, delivery.Attempts);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(120), delivery.NextAttemptAt);

        Waiting.Advance(server, _time, TimeSpan.FromSeconds(60));
        Assert.Single(_hook.All);
        Waiting.Advance(server, _time, TimeSpan.FromSeconds(60));
        var done = await Waiting.ForStateAsync(server, 3, DeliveryState.Succeeded);
        Assert.Equal(1, Assert.Single(Waiting.Deliveries(done)).Attempts);
    }

    [Fact]
    public async Task A_permanent_failure_ends_failed_with_the_platforms_answer()
    {
        await using var server = await StartAsync();
        _hook.Answer(400);
        await Upload.PostAsync(server.Http, Upload.Form("Refused", "custom", Upload.Batch(4), """[{"email":"a@example.com"}]"""));

        var failed = await Waiting.ForStateAsync(server, 4, DeliveryState.Failed);
        var delivery = Assert.Single(Waiting.Deliveries(failed));
        Assert.Contains("HTTP 400", delivery.LastError, StringComparison.Ordinal);
        Assert.True(Assert.Single(failed.Batches).PayloadPurged);
    }

    [Fact]
    public async Task Retrying_past_max_age_ends_dead_and_stays_visible()
    {
        await using var server = await StartAsync(new Dictionary<string, string?> { ["Delivery:MaxAge"] = "00:01:00", ["Delivery:RetryBaseDelay"] = "00:00:50" });
        _hook.Answer(503);
        _hook.Answer(503);
        await Upload.PostAsync(server.Http, Upload.Form("Dead", "custom", Upload.Batch(5), """[{"email":"a@example.com"}]"""));

        await Waiting.ForSessionAsync(server, 5, s => Waiting.Deliveries(s).Any(d => d.Attempts == 1));
        Waiting.Advance(server, _time, TimeSpan.FromSeconds(50));
        var dead = await Waiting.ForStateAsync(server, 5, DeliveryState.Dead);
        var delivery = Assert.Single(Waiting.Deliveries(dead));
        Assert.Equal(2, delivery.Attempts);
        Assert.Contains("gave up", delivery.LastError, StringComparison.Ordinal);
    }

    private Task<TestServer> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = _hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return TestServer.StartAsync(settings, _time);
    }
}

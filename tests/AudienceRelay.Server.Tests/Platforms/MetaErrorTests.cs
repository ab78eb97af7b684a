using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>Meta's error answers, through the whole server: refused, throttled and server errors. Time is driven, not slept.</summary>
public sealed class MetaErrorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private PlatformEmulators _platforms = null!;

    public async Task InitializeAsync() => _platforms = await PlatformEmulators.StartAsync();

    public async Task DisposeAsync() => await _platforms.DisposeAsync();

    [Fact]
    public async Task A_refused_token_fails_the_delivery_with_metas_message_and_sync_answers_400_naming_the_instance()
    {
        const string message = "Error validating access token: The user has not authorized application 42.";
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.Facebook()), _time);
        _platforms.Meta.Faults.Add(new Fault { Kind = FaultKind.Error, Code = 190, Subcode = 458, Message = message });

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Refused", "custom", Upload.Batch(301), """[{"email":"a@example.com"}]"""), "?sync=true");

        Assert.Equal(400, status);
        var error = Assert.Single(Upload.Errors(body));
        Assert.StartsWith("fb_us: ", error, StringComparison.Ordinal);
        Assert.Contains("190", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        var failed = await Waiting.ForStateAsync(server, 301, DeliveryState.Failed);
        var delivery = Assert.Single(Waiting.Deliveries(failed));
        Assert.Contains(message, delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(1, delivery.Attempts);
        Assert.Empty(_platforms.Meta.Audiences(PlatformEmulators.UsAccount));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(80003)]
    public async Task A_throttle_waits_the_usage_headers_time_without_using_an_attempt_then_succeeds(int code)
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.Facebook()), _time);
        _platforms.Meta.Faults.Add(new Fault { Kind = FaultKind.Throttle, Code = code, PathContains = "/users", RetryAfterSeconds = 120 });

        await Upload.PostAsync(server.Http, Upload.Form("Throttled", "custom", Upload.Batch(302), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 302, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        var delivery = Assert.Single(Waiting.Deliveries(waiting));
        Assert.Equal(0, delivery.Attempts);
        Assert.Contains($"Meta error {code}", delivery.LastError, StringComparison.Ordinal);
        // estimated_time_to_regain_access is 2 (minutes) in X-Business-Use-Case-Usage.
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(2), delivery.NextAttemptAt);
        Assert.Contains(_platforms.Meta.Requests, r => r.Path.EndsWith("/users", StringComparison.Ordinal) && r.ErrorCode == code);

        Waiting.Advance(server, _time, TimeSpan.FromMinutes(2));
        var done = await Waiting.ForStateAsync(server, 302, DeliveryState.Succeeded);
        Assert.Equal(1, Assert.Single(Waiting.Deliveries(done)).Attempts);
        var audience = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount));
        Assert.Equal(Expected.Set(Expected.Sha("a@example.com")), _platforms.Meta.MemberEmails(audience.Id));
    }

    [Fact]
    public async Task A_server_error_is_retried_after_backoff_and_the_members_arrive_once()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.Facebook()), _time);
        _platforms.Meta.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 503, PathContains = "/users" });

        await Upload.PostAsync(server.Http, Upload.Form("Flaky", "custom", Upload.Batch(303), """[{"email":"a@example.com"},{"email":"b@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 303, s => Waiting.Deliveries(s).Any(d => d is { State: DeliveryState.Pending, Attempts: 1 }));
        Assert.NotNull(Assert.Single(Waiting.Deliveries(waiting)).LastError);

        // Base 10 s with jitter: due within 10 seconds.
        Waiting.Advance(server, _time, TimeSpan.FromSeconds(10));
        var done = await Waiting.ForStateAsync(server, 303, DeliveryState.Succeeded);
        Assert.Equal(2, Assert.Single(Waiting.Deliveries(done)).Attempts);
        var uploads = _platforms.Meta.Requests.Where(r => r.Path.EndsWith("/users", StringComparison.Ordinal)).Select(r => r.StatusCode).ToList();
        Assert.Equal([503, 200], uploads);
        var audience = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount));
        Assert.Equal(Expected.Set(Expected.Sha("a@example.com"), Expected.Sha("b@example.com")), _platforms.Meta.MemberEmails(audience.Id));
        var session = Assert.Single(_platforms.Meta.Sessions(audience.Id));
        Assert.Equal([1], session.BatchSeqs);
        Assert.Equal(2, session.NumReceived);
    }
}

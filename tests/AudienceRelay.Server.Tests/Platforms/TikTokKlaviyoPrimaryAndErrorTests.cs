using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// TikTok and Klaviyo through the real server: a second complete primary session removes who left,
/// and each error class ends in the right delivery state.
/// </summary>
public sealed class TikTokKlaviyoPrimaryAndErrorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private PlatformEmulators _platforms = null!;

    public async Task InitializeAsync() => _platforms = await PlatformEmulators.StartAsync();

    public async Task DisposeAsync() => await _platforms.DisposeAsync();

    [Fact]
    public async Task A_second_complete_primary_session_leaves_exactly_its_members_at_both_platforms()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.TikTokInstance(), _platforms.KlaviyoInstance()));
        var first = """[{"email":"ann@example.com"},{"email":"bob@example.com"},{"email":"cat@example.com"}]""";
        var second = """[{"email":"bob@example.com"},{"email":"dan@example.com"}]""";

        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Customers", "primary", Upload.Batch(701, 1, 1, 3), first), "?sync=true")).Status);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Customers", "primary", Upload.Batch(702, 1, 1, 2), second), "?sync=true")).Status);

        var audience = Assert.Single(_platforms.TikTok.Audiences(PlatformEmulators.Advertiser), a => a.Name == "blotout_Customers");
        Assert.Equal(Expected.Set(Expected.Sha("bob@example.com"), Expected.Sha("dan@example.com")), _platforms.TikTok.Members(audience.AudienceId, "EMAIL_SHA256"));

        var list = Assert.Single(_platforms.Klaviyo.Lists(PlatformEmulators.KlaviyoKey), l => l.Name == "blotout_Customers");
        Assert.Equal(["bob@example.com", "dan@example.com"], _platforms.Klaviyo.ListMembers(list.Id).Select(p => p.Email).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_tiktok_throttle_waits_without_using_an_attempt_then_succeeds()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.TikTokInstance()), _time);
        _platforms.TikTok.Faults.Add(new Fault { Kind = FaultKind.Throttle, PathContains = "segment/mapping" });
        await Upload.PostAsync(server.Http, Upload.Form("Paced", "custom", Upload.Batch(711), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 711, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        Assert.Equal(0, Assert.Single(Waiting.Deliveries(waiting)).Attempts);

        Waiting.Advance(server, _time, TimeSpan.FromMinutes(5));
        var done = await Waiting.ForStateAsync(server, 711, DeliveryState.Succeeded);
        Assert.Equal(1, Assert.Single(Waiting.Deliveries(done)).Attempts);
    }

    [Fact]
    public async Task A_tiktok_token_error_fails_and_sync_names_the_instance()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.TikTokInstance()));
        _platforms.TikTok.Faults.Add(new Fault { Kind = FaultKind.Error, Code = 40105, Message = "Access token is incorrect or has been revoked.", PathContains = "segment/mapping" });

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Revoked", "custom", Upload.Batch(712), """[{"email":"a@example.com"}]"""), "?sync=true");

        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("tt: ", StringComparison.Ordinal) && e.Contains("40105", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_klaviyo_5xx_is_retried_and_a_4xx_fails_with_klaviyos_detail()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.KlaviyoInstance()), _time);
        _platforms.Klaviyo.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 503, PathContains = "profile-bulk-import-jobs" });
        await Upload.PostAsync(server.Http, Upload.Form("Flaky", "custom", Upload.Batch(713), """[{"email":"a@example.com"}]"""));
        await Waiting.ForSessionAsync(server, 713, s => Waiting.Deliveries(s).Any(d => d is { State: DeliveryState.Pending, Attempts: 1 }));
        Waiting.Advance(server, _time, TimeSpan.FromMinutes(5));
        await Waiting.ForStateAsync(server, 713, DeliveryState.Succeeded);

        _platforms.Klaviyo.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 400, Message = "The profile batch is not valid.", PathContains = "profile-bulk-import-jobs" });
        await Upload.PostAsync(server.Http, Upload.Form("Flaky", "custom", Upload.Batch(714), """[{"email":"b@example.com"}]"""));
        var failed = await Waiting.ForStateAsync(server, 714, DeliveryState.Failed);
        Assert.Contains("not valid", Assert.Single(Waiting.Deliveries(failed)).LastError, StringComparison.Ordinal);
    }
}

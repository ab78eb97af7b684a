using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>sync=true: 200 with per-instance results, 400 with the platform's errors, 202 when the wait runs out.</summary>
public sealed class SyncTests : IAsyncLifetime
{
    private WebhookReceiver _hook = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _hook = await WebhookReceiver.StartAsync();
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = _hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Delivery:SyncTimeout"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _hook.DisposeAsync();
    }

    [Fact]
    public async Task All_succeeded_is_200_with_results()
    {
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Sync", "custom", Upload.Batch(10), """[{"email":"a@example.com"},{"email":"b@example.com"}]"""), "?sync=true");
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("hook", result.GetProperty("instance").GetString());
        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        Assert.Equal(2, result.GetProperty("usersSent").GetInt32());
    }

    [Fact]
    public async Task A_failed_platform_is_400_naming_the_instance()
    {
        _hook.Answer(422);
        var (status, body, mediaType) = await Upload.PostAsync(_server.Http, Upload.Form("SyncFail", "custom", Upload.Batch(11), """[{"email":"a@example.com"}]"""), "?sync=true");
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("hook: HTTP 422", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Past_the_sync_timeout_it_is_202_with_what_is_pending_and_the_work_goes_on()
    {
        var release = new TaskCompletionSource();
        _hook.Hold(release.Task);
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("SyncSlow", "custom", Upload.Batch(12), """[{"email":"a@example.com"}]"""), "?sync=true");
        Assert.Equal(202, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("/audience/sessions/12", body.GetProperty("statusUrl").GetString());
        Assert.Equal("hook", Assert.Single(body.GetProperty("pending").EnumerateArray()).GetProperty("instance").GetString());
        // Listed once: an open delivery is pending, not also a result.
        Assert.Empty(body.GetProperty("results").EnumerateArray());

        release.SetResult();
        await Waiting.ForStateAsync(_server, 12, DeliveryState.Succeeded);
    }

    [Fact]
    public async Task The_session_status_endpoint_shows_each_batch_and_delivery()
    {
        await Upload.PostAsync(_server.Http, Upload.Form("Status", "custom", Upload.Batch(13, 0, 2, 3), """[{"email":"a@example.com"},{"nothing":1}]"""), "?sync=true");
        using var response = await _server.Http.GetAsync(new Uri("/audience/sessions/13", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal("blotout_Status", root.GetProperty("audienceName").GetString());
        Assert.False(root.GetProperty("complete").GetBoolean());
        var batch = Assert.Single(root.GetProperty("batches").EnumerateArray());
        Assert.Equal(1, batch.GetProperty("skipped").GetInt32());
        var delivery = Assert.Single(batch.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("succeeded", delivery.GetProperty("state").GetString());

        using var missing = await _server.Http.GetAsync(new Uri("/audience/sessions/999999", UriKind.Relative));
        Assert.Equal(404, (int)missing.StatusCode);
    }
}

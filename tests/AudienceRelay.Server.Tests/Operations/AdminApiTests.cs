using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Operations;

/// <summary>
/// The admin API through the real server and the webhook provider, written once and run on each engine:
/// every action refused without a valid key; retry now, retry a session, cancel a session, list with
/// filters; each action recorded in the session's status with the key's name.
/// </summary>
public abstract class AdminApiTests : IAsyncLifetime
{
    protected const string Key = "admin-api-key-3c9e";
    private WebhookReceiver _hook = null!;

    public async Task InitializeAsync() => _hook = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _hook.DisposeAsync();

    /// <summary>The engine's settings (store, connection string) for a fresh database.</summary>
    protected abstract Task<Dictionary<string, string?>> EngineSettingsAsync();

    [Fact]
    public async Task Every_action_and_list_needs_a_valid_key()
    {
        await using var server = await StartAsync();
        (HttpMethod, string)[] routes =
        [
            (HttpMethod.Get, "/ops/api/sessions"), (HttpMethod.Get, "/ops/api/instances"), (HttpMethod.Post, "/ops/api/deliveries/1/retry"),
            (HttpMethod.Post, "/ops/api/sessions/1/retry"), (HttpMethod.Post, "/ops/api/sessions/1/cancel"),
        ];
        foreach (var (method, path) in routes)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(server, method, path, key: null)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(server, method, path, key: "wrong-key")).Status);
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await SendAsync(server, method, path)).Status);
        }
    }

    [Fact]
    public async Task Retry_now_sends_a_backing_off_delivery_at_once_and_the_status_names_the_key()
    {
        await using var server = await StartAsync();
        var delivery = await UploadFailingOnceAsync(server, 41);

        var (status, body) = await SendAsync(server, HttpMethod.Post, $"/ops/api/deliveries/{delivery}/retry");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("affected").GetInt32());
        var done = await Waiting.ForStateAsync(server, 41, DeliveryState.Succeeded);
        Assert.Equal(2, Assert.Single(Waiting.Deliveries(done)).Attempts);
        var (_, session) = await SendAsync(server, HttpMethod.Get, "/audience/sessions/41");
        var action = Assert.Single(session.GetProperty("actions").EnumerateArray());
        Assert.Equal("retry_delivery", action.GetProperty("action").GetString());
        Assert.Equal("night-operator", action.GetProperty("keyName").GetString());
        Assert.Equal(delivery, action.GetProperty("deliveryId").GetInt64());

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(server, HttpMethod.Post, $"/ops/api/deliveries/{delivery}/retry")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(server, HttpMethod.Post, "/ops/api/deliveries/987654/retry")).Status);
        var bad = await SendAsync(server, HttpMethod.Post, "/ops/api/deliveries/abc/retry");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("deliveryId", bad.Body.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ends_a_pending_session_purges_its_users_and_then_nothing_is_left_to_retry()
    {
        await using var server = await StartAsync();
        await UploadFailingOnceAsync(server, 42);

        var (status, body) = await SendAsync(server, HttpMethod.Post, "/ops/api/sessions/42/cancel");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("affected").GetInt32());
        var session = await Waiting.ForStateAsync(server, 42, DeliveryState.Failed);
        Assert.True(Assert.Single(session.Batches).PayloadPurged);
        Assert.Equal("cancelled by an operator (key night-operator)", Assert.Single(Waiting.Deliveries(session)).LastError);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(server, HttpMethod.Post, "/ops/api/sessions/42/retry")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(server, HttpMethod.Post, "/ops/api/sessions/42/cancel")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(server, HttpMethod.Post, "/ops/api/sessions/4242/cancel")).Status);
        var (_, status42) = await SendAsync(server, HttpMethod.Get, "/audience/sessions/42");
        Assert.Equal("cancel_session", Assert.Single(status42.GetProperty("actions").EnumerateArray()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task Sessions_are_listed_with_filters_and_a_whole_session_is_retried()
    {
        await using var server = await StartAsync();
        await Upload.PostAsync(server.Http, Upload.Form("Fine", "custom", Upload.Batch(43), """[{"email":"a@example.com"}]"""), "?sync=true", Key);
        await UploadFailingOnceAsync(server, 44);

        var pending = await SendAsync(server, HttpMethod.Get, "/ops/api/sessions?state=pending&instance=hook");
        Assert.Equal([44L], pending.Body.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetInt64()));
        Assert.Equal(1, pending.Body.GetProperty("sessions")[0].GetProperty("instances").GetProperty("hook").GetProperty("pending").GetInt64());
        var all = await SendAsync(server, HttpMethod.Get, "/ops/api/sessions?from=2000-01-01&limit=10");
        Assert.Equal([44L, 43L], all.Body.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetInt64()));
        Assert.Empty((await SendAsync(server, HttpMethod.Get, "/ops/api/sessions?to=2000-01-01")).Body.GetProperty("sessions").EnumerateArray());
        var bad = await SendAsync(server, HttpMethod.Get, "/ops/api/sessions?state=sideways&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        var errors = string.Join(" ", bad.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("state:", errors, StringComparison.Ordinal);
        Assert.Contains("limit:", errors, StringComparison.Ordinal);
        var instances = await SendAsync(server, HttpMethod.Get, "/ops/api/instances");
        Assert.Equal("hook", Assert.Single(instances.Body.GetProperty("instances").EnumerateArray()).GetProperty("instance").GetString());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Post, "/ops/api/sessions/44/retry")).Status);
        await Waiting.ForStateAsync(server, 44, DeliveryState.Succeeded);
    }

    private async Task<TestServer> StartAsync()
    {
        var settings = await EngineSettingsAsync();
        settings["Auth:ApiKeys:0"] = "another-key-never-used";
        settings["Auth:ApiKeys:1"] = Key;
        settings["Auth:KeyNames:1"] = "night-operator";
        settings["Providers:hook:Type"] = "webhook";
        settings["Providers:hook:Url"] = _hook.Url.ToString();
        settings["Providers:hook:Secret"] = WebhookReceiver.Secret;
        // The first failure backs off for half an hour or more: only an operator's "retry now" sends it sooner.
        settings["Delivery:RetryBaseDelay"] = "01:00:00";
        return await TestServer.StartAsync(settings);
    }

    /// <summary>Uploads one batch whose delivery fails once (503) and waits until it is pending a retry; returns the delivery id.</summary>
    private async Task<long> UploadFailingOnceAsync(TestServer server, long sessionId)
    {
        _hook.Answer(503);
        var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("Retried", "custom", Upload.Batch(sessionId), """[{"email":"b@example.com"}]"""), apiKey: Key);
        Assert.Equal(200, status);
        var waiting = await Waiting.ForSessionAsync(server, sessionId, s => Waiting.Deliveries(s).Any(d => d is { State: DeliveryState.Pending, Attempts: 1 }));
        return Assert.Single(Waiting.Deliveries(waiting)).DeliveryId;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestServer server, HttpMethod method, string path, string? key = Key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AudienceRelay.Server.Tests.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c> is written by hand, so it is checked against the server: every endpoint the app maps is
/// an operation of the document (or a named non-API endpoint), and every documented answer of every operation is
/// produced for real and its body checked against the documented schema.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private const string Key = "openapi-test-key-0123456789";

    /// <summary>
    /// Endpoints mapped on purpose without an operation: the document itself, the operations page (HTML and its form
    /// posts; its JSON twin is <c>/ops/api</c>, documented) and the Prometheus scrape endpoint.
    /// </summary>
    private static readonly HashSet<string> NotApi = new(StringComparer.Ordinal)
    {
        "GET /openapi/v1.json",
        "GET /ops", "POST /ops/login", "POST /ops/logout", "GET /ops/sessions/{sessionId:long}",
        "POST /ops/deliveries/{deliveryId:long}/retry", "POST /ops/sessions/{sessionId:long}/retry", "POST /ops/sessions/{sessionId:long}/cancel",
        "* /metrics",
    };

    [Fact]
    public async Task Every_endpoint_the_server_maps_is_documented_and_every_operation_is_mapped()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" });
        var document = await DocumentAsync(server.Http);

        var mapped = Mapped(server.Services);
        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);

        Assert.Contains("POST /audience", mapped);
        Assert.All(NotApi, n => Assert.Contains(n, mapped));
        Assert.Empty(mapped.Except(NotApi).Except(documented).Order());
        Assert.Empty(documented.Except(mapped).Order());
    }

    [Fact]
    public async Task Every_documented_answer_is_what_the_server_sends()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = Key,
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Ingress:MaxUsersPerBatch"] = "3",
            ["Delivery:SyncTimeout"] = "00:00:03",
        });
        await using var bare = await TestServer.StartAsync(new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" });
        // Deliveries stay pending here: nothing works the queue, so the admin actions find what they act on.
        await using var idle = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = Key,
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Delivery:Enabled"] = "false",
        });
        var document = await DocumentAsync(server.Http);
        var check = new AnswerCheck(document);
        var users = Upload.Users(Upload.User("ana@example.com", "+16505551212"), Upload.User("bo@example.org"));

        // POST /audience
        await check.SendAsync(server.Http, "POST /audience", 200, Post("", Upload.Form("OpenApi", "custom", Upload.Batch(701), users)));
        Assert.Equal("701", (await hook.ArrivedAsync()).Split('-')[0]); // before a test answer is queued below
        await check.SendAsync(server.Http, "POST /audience", 200, Post("?sync=true", Upload.Form("OpenApi", "custom", Upload.Batch(702), users)), body =>
            Assert.Equal("succeeded", body.GetProperty("results")[0].GetProperty("state").GetString()));
        var release = new TaskCompletionSource();
        hook.Hold(release.Task);
        await check.SendAsync(server.Http, "POST /audience", 202, Post("?sync=true", Upload.Form("OpenApi", "custom", Upload.Batch(703), users)), body =>
            Assert.NotEmpty(body.GetProperty("pending").EnumerateArray()));
        release.SetResult();
        await check.SendAsync(server.Http, "POST /audience", 400, Post("", Upload.Form(null, "custom", Upload.Batch(704), users)));
        hook.Answer(422);
        await check.SendAsync(server.Http, "POST /audience", 400, Post("?sync=true", Upload.Form("OpenApi", "custom", Upload.Batch(705), users)), body =>
            Assert.Equal("failed", body.GetProperty("results")[0].GetProperty("state").GetString()));
        await check.SendAsync(server.Http, "POST /audience", 401, Post("", Upload.Form("OpenApi", "custom", Upload.Batch(706), users), apiKey: null));
        await check.SendAsync(server.Http, "POST /audience", 409, Post("", Upload.Form("Renamed", "custom", Upload.Batch(701), users)));
        var many = Upload.Users(Upload.User("a@example.com"), Upload.User("b@example.com"), Upload.User("c@example.com"), Upload.User("d@example.com"));
        await check.SendAsync(server.Http, "POST /audience", 413, Post("", Upload.Form("OpenApi", "custom", Upload.Batch(707, totalUsers: 4), many)));
        await check.SendAsync(server.Http, "POST /audience", 415, Post("", new StringContent(users, Encoding.UTF8, "application/json")));
        await check.SendAsync(bare.Http, "POST /audience", 503, Post("", Upload.Form("OpenApi", "custom", Upload.Batch(708), users), apiKey: null));

        // GET /audience/sessions/{sessionId}: after the sync uploads above, with delivered, held and failed deliveries.
        await check.SendAsync(server.Http, "GET /audience/sessions/{sessionId}", 200, Get("/audience/sessions/702"), body =>
            Assert.Equal("succeeded", body.GetProperty("batches")[0].GetProperty("deliveries")[0].GetProperty("state").GetString()));
        await check.SendAsync(server.Http, "GET /audience/sessions/{sessionId}", 200, Get("/audience/sessions/705"));
        await check.SendAsync(server.Http, "GET /audience/sessions/{sessionId}", 200, Get("/audience/sessions/701"));
        await check.SendAsync(server.Http, "GET /audience/sessions/{sessionId}", 400, Get("/audience/sessions/abc"));
        await check.SendAsync(server.Http, "GET /audience/sessions/{sessionId}", 401, Get("/audience/sessions/701", apiKey: null));
        await check.SendAsync(server.Http, "GET /audience/sessions/{sessionId}", 404, Get("/audience/sessions/999999"));

        // The admin API (/ops/api).
        long succeeded = 0, pending = 0;
        await check.SendAsync(server.Http, "GET /audience/sessions/{sessionId}", 200, Get("/audience/sessions/702"), body =>
            succeeded = body.GetProperty("batches")[0].GetProperty("deliveries")[0].GetProperty("deliveryId").GetInt64());
        await check.SendAsync(idle.Http, "POST /audience", 200, Post("", Upload.Form("OpenApi", "custom", Upload.Batch(801), users)));
        await check.SendAsync(idle.Http, "GET /audience/sessions/{sessionId}", 200, Get("/audience/sessions/801"), body =>
            pending = body.GetProperty("batches")[0].GetProperty("deliveries")[0].GetProperty("deliveryId").GetInt64());
        await check.SendAsync(server.Http, "GET /ops/api/sessions", 200, Get("/ops/api/sessions?limit=10"), body =>
            Assert.NotEmpty(body.GetProperty("sessions").EnumerateArray()));
        await check.SendAsync(server.Http, "GET /ops/api/sessions", 400, Get("/ops/api/sessions?limit=0&state=lost"));
        await check.SendAsync(server.Http, "GET /ops/api/sessions", 401, Get("/ops/api/sessions", apiKey: null));
        await check.SendAsync(server.Http, "GET /ops/api/instances", 200, Get("/ops/api/instances"), body =>
            Assert.Equal("hook", body.GetProperty("instances")[0].GetProperty("instance").GetString()));
        await check.SendAsync(server.Http, "GET /ops/api/instances", 401, Get("/ops/api/instances", apiKey: null));
        foreach (var (path, pendingTarget, doneTarget) in new[]
        {
            ("/ops/api/deliveries/{deliveryId}/retry", pending, succeeded),
            ("/ops/api/sessions/{sessionId}/retry", 801L, 702L),
            ("/ops/api/sessions/{sessionId}/cancel", 801L, 702L),
        })
        {
            string Url(string id) => path.Replace("{deliveryId}", id, StringComparison.Ordinal).Replace("{sessionId}", id, StringComparison.Ordinal);
            await check.SendAsync(idle.Http, "POST " + path, 200, Send(Url(pendingTarget.ToString(CultureInfo.InvariantCulture))));
            await check.SendAsync(server.Http, "POST " + path, 409, Send(Url(doneTarget.ToString(CultureInfo.InvariantCulture))));
            await check.SendAsync(server.Http, "POST " + path, 404, Send(Url("999999")));
            await check.SendAsync(server.Http, "POST " + path, 400, Send(Url("x1")));
            await check.SendAsync(server.Http, "POST " + path, 401, Send(Url("1"), apiKey: null));
        }

        await check.SendAsync(idle.Http, "GET /audience/sessions/{sessionId}", 200, Get("/audience/sessions/801"), body =>
            Assert.Equal(3, body.GetProperty("actions").GetArrayLength()));

        // Health.
        await check.SendAsync(server.Http, "GET /health/live", 200, Get("/health/live", apiKey: null));
        await check.SendAsync(server.Http, "GET /health/ready", 200, Get("/health/ready", apiKey: null));
        await check.SendAsync(bare.Http, "GET /health/ready", 503, Get("/health/ready", apiKey: null), body =>
            Assert.NotNull(body.GetProperty("warning").GetString()));

        // The answers of the API as a whole: an unknown path, a known path with another method.
        await check.SendAsync(server.Http, "#/components/responses/NotFound", 404, Get("/no/such/path"));
        await check.SendAsync(server.Http, "#/components/responses/MethodNotAllowed", 405, () => Request(HttpMethod.Delete, "/audience", Key));
        await check.SendAsync(server.Http, "#/components/responses/MethodNotAllowed", 405, () => Request(HttpMethod.Post, "/health/live", null));

        Assert.Empty(check.Documented().Except(check.Exercised).Order());
    }

    private static Func<HttpRequestMessage> Post(string query, HttpContent content, string? apiKey = Key) => () =>
    {
        var request = Request(HttpMethod.Post, "/audience" + query, apiKey);
        request.Content = content;
        return request;
    };

    private static Func<HttpRequestMessage> Get(string path, string? apiKey = Key) => () => Request(HttpMethod.Get, path, apiKey);

    private static Func<HttpRequestMessage> Send(string path, string? apiKey = Key) => () => Request(HttpMethod.Post, path, apiKey);

    private static HttpRequestMessage Request(HttpMethod method, string path, string? apiKey)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }

    internal static async Task<JsonElement> DocumentAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every (method, route pattern) the app maps, from ASP.NET Core's own endpoint list.</summary>
    internal static HashSet<string> Mapped(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);

    internal static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete" or "head" or "options")
            .Select(o => (o.Name.ToUpperInvariant(), path.Name, o.Value)));
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Sandbox;

/// <summary>Sandbox mode: the emulators run in-process and an upload goes the whole way to each emulated platform.</summary>
public sealed class SandboxTests
{
    [Fact]
    public async Task An_upload_reaches_every_emulated_platform_and_the_sandbox_page_shows_it()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:EmulatorUrl"] = $"http://127.0.0.1:{FreePort()}",
        });

        var users = """[{"email":"jane.doe@example.com","phone":"+16505551212","firstName":"Jane","lastName":"Doe","country":"US","postalCode":"94025"},{"email":"sam@example.org","country":"GB"}]""";
        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Sandboxed", "custom", Upload.Batch(42, 1, 1, 2), users), "?sync=true");

        Assert.Equal(200, status);
        Assert.Contains("sandbox", body.GetProperty("sandbox").GetString(), StringComparison.OrdinalIgnoreCase);
        var instances = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("instance").GetString()).Order().ToList();
        Assert.Contains("sandbox_tiktok", instances);
        Assert.Contains("sandbox_klaviyo", instances);
        Assert.Contains("sandbox_linkedin", instances);
        Assert.Contains("sandbox_snapchat", instances);
        Assert.Contains("sandbox_pinterest", instances);
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal("succeeded", r.GetProperty("state").GetString()));

        using var response = await server.Http.GetAsync(new Uri("/sandbox/platforms", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(page.GetProperty("sandbox").GetBoolean());
        var text = page.GetProperty("platforms").ToString();
        Assert.Contains("blotout_Sandboxed", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_sandbox_the_sandbox_page_does_not_exist_and_ready_is_not_ready_without_providers()
    {
        await using var server = await TestServer.StartAsync();
        using var sandbox = await server.Http.GetAsync(new Uri("/sandbox/platforms", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, sandbox.StatusCode);

        using var ready = await server.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("nowhere", body.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Sandbox;

/// <summary>The sandbox host: the emulators run in its process and an upload goes the whole way to each emulated platform.</summary>
public sealed class SandboxTests
{
    [Fact]
    public async Task An_upload_reaches_every_emulated_platform_and_the_sandbox_page_shows_it()
    {
        await using var server = await SandboxServer.StartAsync(FreePort());

        var users = """[{"email":"jane.doe@example.com","phone":"+16505551212","firstName":"Jane","lastName":"Doe","country":"US","postalCode":"94025"},{"email":"sam@example.org","country":"GB"}]""";
        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Sandboxed", "custom", Upload.Batch(42, 1, 1, 2), users), "?sync=true");

        Assert.Equal(200, status);
        Assert.Contains("sandbox", body.GetProperty("sandbox").GetString(), StringComparison.OrdinalIgnoreCase);
        var instances = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("instance").GetString()).Order().ToList();
        Assert.Contains("sandbox_facebook", instances);
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
    public async Task A_sandbox_started_again_never_sends_to_an_id_its_previous_emulators_gave_another_audience()
    {
        // The database outlives the emulators: the same folder, two runs of the sandbox.
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("audience-relay-sandbox-restart-").FullName;
        string[] data = ["--ConnectionStrings:Audience", $"Data Source={Path.Combine(folder, "audience.db")}", "--Store:PayloadKeyFile", Path.Combine(folder, "payload.key")];
        await using (var first = await SandboxServer.StartAsync(port, data))
        {
            var (status, _, _) = await Upload.PostAsync(first.Http, Upload.Form("First", "custom", Upload.Batch(1), """[{"email":"one@example.com"}]"""), "?sync=true");
            Assert.Equal(200, status);
        }

        await using var second = await SandboxServer.StartAsync(port, data);

        // After the restart another audience is made first, then the remembered name is used again.
        var (otherStatus, _, _) = await Upload.PostAsync(second.Http, Upload.Form("Other", "custom", Upload.Batch(2), """[{"email":"other@example.com"}]"""), "?sync=true");
        var (status2, body, _) = await Upload.PostAsync(second.Http, Upload.Form("First", "custom", Upload.Batch(3), """[{"email":"two@example.com"}]"""), "?sync=true");

        Assert.Equal(200, otherStatus);
        Assert.Equal(200, status2);
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal("succeeded", r.GetProperty("state").GetString()));
        using var response = await second.Http.GetAsync(new Uri("/sandbox/platforms?sample=10", UriKind.Relative));
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("platforms");

        // Each audience got exactly its own member: the remembered id of "First" was not handed to "Other".
        var meta = page.GetProperty("meta").GetProperty("adAccounts")[0].GetProperty("audiences").EnumerateArray().ToList();
        Assert.Equal(1, meta.Single(a => a.GetProperty("name").GetString() == "blotout_Other").GetProperty("memberCount").GetInt32());
        Assert.Equal(1, meta.Single(a => a.GetProperty("name").GetString() == "blotout_First").GetProperty("memberCount").GetInt32());
        var tikTok = page.GetProperty("tiktok").GetProperty("audiences").EnumerateArray().ToList();
        Assert.Equal(1, tikTok.Single(a => a.GetProperty("name").GetString() == "blotout_Other").GetProperty("member_count").GetInt32());
        Assert.Equal(1, tikTok.Single(a => a.GetProperty("name").GetString() == "blotout_First").GetProperty("member_count").GetInt32());
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

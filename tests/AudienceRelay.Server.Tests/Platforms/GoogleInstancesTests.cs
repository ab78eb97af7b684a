using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>Two Google instances (one account reached through its manager), bad settings at start, and the sandbox page.</summary>
public sealed class GoogleInstancesTests
{
    [Fact]
    public async Task Two_instances_each_fill_their_own_account_s_list_and_the_manager_s_id_is_sent()
    {
        await using var platform = await GoogleTestPlatform.StartAsync();
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(
            platform.Instance("g_direct"),
            platform.Instance("g_client", customer: GoogleTestPlatform.ClientCustomer, loginCustomer: "999-888-7777", consent: "DENIED")));

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Both", "custom", Upload.Batch(950, 1, 1, 1), Upload.Users(new { email = "both@example.com" })), "?sync=true");

        Assert.Equal(200, status);
        Assert.Equal(["g_client", "g_direct"], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("instance").GetString()).Order());
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal("succeeded", r.GetProperty("state").GetString()));
        var direct = platform.List("blotout_Both", GoogleTestPlatform.Customer);
        var client = platform.List("blotout_Both", GoogleTestPlatform.ClientCustomer);
        Assert.NotEqual(direct.Id, client.Id);
        Assert.Equal(Expected.Set(GoogleTestPlatform.Email("both@example.com")), platform.Google.Members(direct.Id));
        Assert.Equal(Expected.Set(GoogleTestPlatform.Email("both@example.com")), platform.Google.Members(client.Id));
        Assert.Equal("DENIED", Assert.Single(platform.Google.Jobs(client.Id)).AdPersonalization);
    }

    [Fact]
    public async Task Without_the_manager_s_login_customer_id_the_delivery_fails_with_Google_s_message()
    {
        await using var platform = await GoogleTestPlatform.StartAsync();
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(platform.Instance("g_client", customer: GoogleTestPlatform.ClientCustomer)));

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("NoLogin", "custom", Upload.Batch(951, 1, 1, 1), Upload.Users(new { email = "x@example.com" })), "?sync=true");

        Assert.Equal(400, status);
        var error = Assert.Single(Upload.Errors(body));
        Assert.Contains("USER_PERMISSION_DENIED", error, StringComparison.Ordinal);
        Assert.Contains("login-customer-id", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_page_shows_the_Google_list_s_members()
    {
        await using var server = await Sandbox.SandboxServer.StartAsync(FreePort());

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("SandboxGoogle", "custom", Upload.Batch(952, 1, 1, 1), Upload.Users(new { email = "sandbox@example.com" })), "?sync=true");

        Assert.Equal(200, status);
        Assert.Contains(body.GetProperty("results").EnumerateArray(), r => r.GetProperty("instance").GetString() == "sandbox_google" && r.GetProperty("state").GetString() == "succeeded");
        var page = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("/sandbox/platforms", UriKind.Relative))).RootElement;
        var list = Assert.Single(page.GetProperty("platforms").GetProperty("google").GetProperty("lists").EnumerateArray(), l => l.GetProperty("name").GetString() == "blotout_SandboxGoogle");
        Assert.Equal(1, list.GetProperty("member_count").GetInt32());
        Assert.Equal(GoogleTestPlatform.Email("sandbox@example.com"), Assert.Single(list.GetProperty("sample").EnumerateArray()).GetString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

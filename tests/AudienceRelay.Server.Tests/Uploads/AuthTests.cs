using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Uploads;

/// <summary>API keys: Bearer, constant-time compared; 401 otherwise; without keys, loopback only.</summary>
public sealed class AuthTests
{
    private const string Users = """[{"email":"a@example.com"}]""";

    [Fact]
    public async Task With_keys_configured_only_a_valid_bearer_key_is_accepted()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = "first-key-0123456789",
            ["Auth:ApiKeys:1"] = "second-key-0123456789",
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = "http://127.0.0.1:9/unused",
            ["Providers:hook:Secret"] = "0123456789abcdef0123",
            ["Delivery:Enabled"] = "false",
        });

        Assert.Equal(401, (await Upload.PostAsync(server.Http, Upload.Form("A", "custom", Upload.Batch(1), Users))).Status);
        Assert.Equal(401, (await Upload.PostAsync(server.Http, Upload.Form("A", "custom", Upload.Batch(1), Users), apiKey: "first-key-012345678")).Status);
        var (status, body, mediaType) = await Upload.PostAsync(server.Http, Upload.Form("A", "custom", Upload.Batch(1), Users), apiKey: "wrong");
        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.False(body.GetProperty("success").GetBoolean());

        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("A", "custom", Upload.Batch(2), Users), apiKey: "first-key-0123456789")).Status);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("A", "custom", Upload.Batch(3), Users), apiKey: "second-key-0123456789")).Status);

        using var live = await server.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(200, (int)live.StatusCode);
        using var session = await server.Http.GetAsync(new Uri("/audience/sessions/2", UriKind.Relative));
        Assert.Equal(401, (int)session.StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_api_is_open_on_loopback()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = "http://127.0.0.1:9/unused",
            ["Providers:hook:Secret"] = "0123456789abcdef0123",
            ["Delivery:Enabled"] = "false",
        });
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("A", "custom", Upload.Batch(4), Users))).Status);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://+:0")]
    [InlineData("http://127.0.0.1:0;http://[::]:0")]
    public async Task Without_keys_a_non_loopback_address_stops_the_server(string urls)
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(new Dictionary<string, string?> { ["urls"] = urls }));
        Assert.Contains("Auth__ApiKeys__0", ex.Message, StringComparison.Ordinal);
    }
}

using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Uploads;

/// <summary>The README's curl commands, run with curl itself.</summary>
public sealed class CurlTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Providers:hook:Type"] = "webhook",
        ["Providers:hook:Url"] = "http://127.0.0.1:9/unused",
        ["Providers:hook:Secret"] = "0123456789abcdef0123",
        ["Delivery:Enabled"] = "false",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Curl_form_fields_are_accepted()
    {
        Assert.True(Curl.Available, "curl is installed by .ci/run; without it this test cannot run.");
        var (status, body) = await Curl.RunAsync(
            "-F", "name=High-Value Customers Q1",
            "-F", "type=custom",
            "-F", "batch={\"sessionId\":1700000000,\"sequence\":1,\"totalBatches\":1,\"totalUsers\":2,\"pullDate\":\"2025-01-31\"}",
            "-F", "users=[{\"email\":\"Jane.Doe@Example.com\",\"phone\":\"+1 (650) 555-1212\",\"country\":\"US\"},{\"phone\":\"020 7946 0018\",\"country\":\"GB\"}]",
            new Uri(_server.BaseAddress, "/audience").ToString());
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Curl_file_part_for_users_is_accepted()
    {
        var file = Path.Combine(_server.Folder, "users.json");
        await File.WriteAllTextAsync(file, """[{"email":"file@example.com"},{"edgeTagId":"edge-1"}]""");
        var (status, body) = await Curl.RunAsync(
            "-F", "name=FromFile",
            "-F", "batch={\"sessionId\":1700000001,\"sequence\":0,\"totalBatches\":1,\"totalUsers\":2}",
            "-F", $"users=@{file};type=application/json",
            new Uri(_server.BaseAddress, "/audience?disablePrefix=true").ToString());
        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Curl_missing_field_and_json_body_get_clear_errors()
    {
        var (status, body) = await Curl.RunAsync("-F", "name=X", "-F", "users=[{\"email\":\"a@example.com\"}]", new Uri(_server.BaseAddress, "/audience").ToString());
        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("batch:", StringComparison.Ordinal));

        (status, body) = await Curl.RunAsync("-H", "Content-Type: application/json", "-d", "{\"name\":\"X\"}", new Uri(_server.BaseAddress, "/audience").ToString());
        Assert.Equal(415, status);
        Assert.False(body.GetProperty("success").GetBoolean());
    }
}

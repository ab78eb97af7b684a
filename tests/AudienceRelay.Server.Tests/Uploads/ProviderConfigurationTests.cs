using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Uploads;

/// <summary>Provider settings are checked at start: a wrong one stops the server with a message naming it.</summary>
public sealed class ProviderConfigurationTests
{
    [Theory]
    [InlineData("Providers:x:Type", "myspace", "Providers:x:Type")]
    [InlineData("Providers:fb:Type", "facebook", "Providers:fb:AccessToken")]
    [InlineData("Providers:tt:Type", "tiktok", "Providers:tt:AdvertiserId")]
    [InlineData("Providers:kl:Type", "klaviyo", "Providers:kl:ApiKey")]
    [InlineData("Providers:hook:Type", "webhook", "Providers:hook:Url")]
    public async Task An_unknown_type_or_a_missing_credential_stops_the_server(string key, string value, string named)
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_of_one_platform_each_get_a_delivery()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Providers:hook_us:Type"] = "webhook",
            ["Providers:hook_us:Url"] = "http://127.0.0.1:9/us",
            ["Providers:hook_us:Secret"] = "0123456789abcdef0123",
            ["Providers:hook_eu:Type"] = "webhook",
            ["Providers:hook_eu:Url"] = "http://127.0.0.1:9/eu",
            ["Providers:hook_eu:Secret"] = "0123456789abcdef0123",
            ["Delivery:Enabled"] = "false",
        });
        await Upload.PostAsync(server.Http, Upload.Form("Two", "custom", Upload.Batch(5), """[{"email":"a@example.com"}]"""));
        var status = await server.Get<AudienceRelay.Store.IAudienceStore>().GetSessionAsync(5, CancellationToken.None);
        Assert.Equal(["hook_eu", "hook_us"], status!.Batches.Single().Deliveries.Select(d => d.Instance).Order());
    }
}

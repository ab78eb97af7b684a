using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.TikTok;

public sealed class TikTokAudienceTests
{
    [Fact]
    public async Task Creates_the_audience_when_no_audience_has_the_name()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();

        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        Assert.True(resolution.Created);
        var audience = Assert.Single(env.Emulator.Audiences(TikTokFixture.Advertiser));
        Assert.Equal(audience.AudienceId, resolution.AudienceId);
        Assert.Equal("blotout_vip", audience.Name);
    }

    [Fact]
    public async Task Finds_an_existing_audience_on_a_later_page_without_creating_another()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var first = await provider.FindOrCreateAudienceAsync(new AudienceRequest("target", AudienceType.Custom), CancellationToken.None);

        // The list is newest first, 100 a page: 100 newer audiences push the target onto page 2.
        for (var i = 0; i < 100; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, env.Host.UrlFor("tiktok") + "/open_api/v1.3/segment/audience/")
            {
                Content = new StringContent($$"""{"custom_audience_name":"other_{{i}}","advertiser_id":"{{TikTokFixture.Advertiser}}","action":"create"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Access-Token", TikTokFixture.Token);
            using var response = await env.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        var again = await provider.FindOrCreateAudienceAsync(new AudienceRequest("target", AudienceType.Custom), CancellationToken.None);

        Assert.False(again.Created);
        Assert.Equal(first.AudienceId, again.AudienceId);
        Assert.Equal(101, env.Emulator.Audiences(TikTokFixture.Advertiser).Count);
    }

    [Fact]
    public async Task A_token_TikTok_does_not_know_makes_the_lookup_fail()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider(token: "revoked-token");

        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest("x", AudienceType.Custom), CancellationToken.None);

        var failed = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem);
        Assert.Contains("40105", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Audiences(TikTokFixture.Advertiser));
    }
}

using System.Net;

namespace AudienceRelay.Emulators.Tests.TikTok;

public sealed class TikTokAuthTests
{
    [Fact]
    public async Task Missing_token_is_code_40104_with_tiktoks_message_in_an_http_200()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        var body = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={TikTokTestEnvironment.Advertiser}", token: null);

        Assert.Equal(40104, TikTokTestEnvironment.Code(body));
        Assert.Equal("Access token is null, you should set it in http header with key Access-Token.", TikTokTestEnvironment.Message(body));
    }

    [Fact]
    public async Task Token_in_a_query_string_instead_of_the_header_is_missing()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        var body = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={TikTokTestEnvironment.Advertiser}&access_token={TikTokTestEnvironment.Token}", token: null);

        Assert.Equal(40104, TikTokTestEnvironment.Code(body));
    }

    [Fact]
    public async Task Unknown_token_is_code_40105()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        var body = await env.PostAsync("segment/audience/", $$"""{"custom_audience_name":"a","advertiser_id":"{{TikTokTestEnvironment.Advertiser}}","action":"create"}""", token: "nope");

        Assert.Equal(40105, TikTokTestEnvironment.Code(body));
        Assert.Empty(env.Emulator.Audiences(TikTokTestEnvironment.Advertiser));
    }

    [Fact]
    public async Task Valid_token_for_another_advertiser_is_code_40106_on_every_route()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audienceId = await env.CreateAudienceAsync("mine");
        var hash = TikTokTestEnvironment.Sha256("a@example.com");

        var create = await env.PostAsync("segment/audience/", $$"""{"custom_audience_name":"x","advertiser_id":"{{TikTokTestEnvironment.Advertiser}}","action":"create"}""", TikTokTestEnvironment.OtherToken);
        var list = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={TikTokTestEnvironment.Advertiser}", TikTokTestEnvironment.OtherToken);
        var map = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audienceId, hash), TikTokTestEnvironment.OtherToken);

        Assert.Equal(40106, TikTokTestEnvironment.Code(create));
        Assert.Equal(40106, TikTokTestEnvironment.Code(list));
        Assert.Equal(40106, TikTokTestEnvironment.Code(map));
        Assert.Single(env.Emulator.Audiences(TikTokTestEnvironment.Advertiser));
        Assert.Empty(env.Emulator.Members(audienceId, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task Sandbox_advertiser_works_with_its_default_token()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var options = env.Emulator.Options;

        var body = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={options.SandboxAdvertiserId}", options.SandboxAccessToken);

        Assert.Equal(0, TikTokTestEnvironment.Code(body));
    }

    [Theory]
    [InlineData("POST", "segment/audience")]
    [InlineData("POST", "segment/mapping")]
    [InlineData("GET", "dmp/custom_audience/list")]
    [InlineData("GET", "segment/audience/")]
    [InlineData("PUT", "segment/mapping/")]
    [InlineData("GET", "dmp/custom_audience/nothing/")]
    public async Task Missing_trailing_slash_wrong_method_or_unknown_path_is_a_bare_404(string method, string path)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        using var response = await env.SendAsync(new HttpMethod(method), path, method == "GET" ? null : "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("\"code\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

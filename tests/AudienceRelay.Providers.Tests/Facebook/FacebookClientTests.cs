using AudienceRelay.Providers.Facebook;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookClientTests
{
    private static FacebookClient Client(string? appSecret) => new(
        new HttpClient(),
        new FacebookSettings
        {
            Instance = "fb",
            AccessToken = "tok",
            AdAccountId = "1",
            ApiVersion = "v25.0",
            BaseUrl = new Uri("http://127.0.0.1:5081/meta/"),
            AppSecret = appSecret,
            CustomerFileSource = "USER_PROVIDED_ONLY",
        },
        TimeProvider.System);

    [Fact]
    public void Urls_are_built_under_the_version_with_the_proof_last()
    {
        var proof = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("s"u8, "tok"u8));

        Assert.Equal("http://127.0.0.1:5081/meta/v25.0/act_1/customaudiences?fields=id,name&limit=200", Client(null).Url("act_1/customaudiences", "fields=id,name&limit=200").AbsoluteUri);
        Assert.Equal($"http://127.0.0.1:5081/meta/v25.0/42/users?appsecret_proof={proof}", Client("s").Url("42/users").AbsoluteUri);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5081/meta/v25.0/act_1/customaudiences?after=x")]
    [InlineData("http://127.0.0.1:5082/meta/v25.0/act_1/customaudiences?after=x")]
    [InlineData("http://graph.example/v25.0/act_1/customaudiences?after=x")]
    [InlineData("/v25.0/act_1/customaudiences?after=x")]
    public void Paging_links_to_another_server_are_not_followed(string next)
    {
        Assert.Null(Client(null).Follow(next));
    }

    [Fact]
    public void A_followed_link_gets_the_proof_once()
    {
        var proof = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("s"u8, "tok"u8));
        var client = Client("s");

        Assert.Equal(
            $"http://127.0.0.1:5081/meta/v25.0/act_1/customaudiences?limit=200&after=x&appsecret_proof={proof}",
            client.Follow("http://127.0.0.1:5081/meta/v25.0/act_1/customaudiences?limit=200&after=x")!.AbsoluteUri);
        Assert.Equal(
            $"http://127.0.0.1:5081/meta/v25.0/act_1/customaudiences?appsecret_proof={proof}&after=x",
            client.Follow($"http://127.0.0.1:5081/meta/v25.0/act_1/customaudiences?appsecret_proof={proof}&after=x")!.AbsoluteUri);
    }
}

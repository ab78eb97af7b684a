using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Emulators.Meta;
using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaAuthTests
{
    private const string ListPath = $"act_{AccountId}/customaudiences";

    [Fact]
    public async Task Missing_token_is_an_OAuthException_104()
    {
        await using var env = await StartAsync();
        using var response = await env.GetAsync(ListPath);
        var error = await ReadErrorAsync(response, 104);
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_token_is_an_OAuthException_190()
    {
        await using var env = await StartAsync();
        using var response = await env.GetAsync(ListPath + "?access_token=nope");
        var error = await ReadErrorAsync(response, 190);
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Bearer_header_is_accepted_like_the_query_parameter()
    {
        await using var env = await StartAsync();
        using var request = env.WithBearer(HttpMethod.Get, ListPath, Token);
        using var response = await env.Http.SendAsync(request);
        using var body = await ReadAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, body.RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Token_without_access_to_the_ad_account_gets_permission_error_200()
    {
        await using var env = await StartAsync();
        env.Emulator.AddAccessToken("other-token");
        using var response = await env.GetAsync(ListPath + "?access_token=other-token");
        await ReadErrorAsync(response, 200);
    }

    [Fact]
    public async Task Unknown_ad_account_is_100_subcode_33()
    {
        await using var env = await StartAsync();
        using var response = await env.GetAsync($"act_999/customaudiences?access_token={Token}");
        var error = await ReadErrorAsync(response, 100, 33);
        Assert.Equal("GraphMethodException", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Audience_of_another_account_looks_like_a_missing_object()
    {
        await using var env = await StartAsync();
        env.Emulator.AddAdAccount("555", "token-555");
        var foreign = env.Emulator.SeedAudience("555", "theirs");

        using var response = await env.UploadAsync(foreign, "users", EmailPayload("a@example.com"));

        await ReadErrorAsync(response, 100, 33);
        Assert.Empty(env.Emulator.Members(foreign));
    }

    [Fact]
    public async Task Version_segment_is_required_and_any_version_is_accepted()
    {
        await using var env = await StartAsync();
        using var unversioned = await env.Http.GetAsync($"{env.Host.UrlFor("meta")}/{ListPath}?access_token={Token}");
        await ReadErrorAsync(unversioned, 2500);

        using var other = await env.Http.GetAsync($"{env.Host.UrlFor("meta")}/v19.0/{ListPath}?access_token={Token}");
        Assert.Equal(200, (int)other.StatusCode);
    }

    [Fact]
    public async Task Appsecret_proof_is_checked_when_the_app_secret_is_known()
    {
        await using var env = await StartAsync();
        env.Emulator.AddAccessToken(Token, appSecret: "s3cret");
        var proof = Hmac("s3cret", Token);

        using var good = await env.GetAsync($"{ListPath}?access_token={Token}&appsecret_proof={proof}");
        Assert.Equal(200, (int)good.StatusCode);

        using var bad = await env.GetAsync($"{ListPath}?access_token={Token}&appsecret_proof={Hmac("wrong", Token)}");
        var error = await ReadErrorAsync(bad, 100);
        Assert.Contains("appsecret_proof", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var timed = await env.GetAsync(
            $"{ListPath}?access_token={Token}&appsecret_time=1700000000&appsecret_proof={Hmac("s3cret", Token + "|1700000000")}");
        Assert.Equal(200, (int)timed.StatusCode);
    }

    [Fact]
    public async Task Appsecret_proof_can_be_required()
    {
        await using var env = await StartAsync();
        env.Emulator.AddAccessToken(Token, appSecret: "s3cret", requireAppSecretProof: true);

        using var missing = await env.GetAsync($"{ListPath}?access_token={Token}");
        await ReadErrorAsync(missing, 100);

        using var present = await env.GetAsync($"{ListPath}?access_token={Token}&appsecret_proof={Hmac("s3cret", Token)}");
        Assert.Equal(200, (int)present.StatusCode);
    }

    [Fact]
    public async Task Sandbox_option_registers_the_default_account_and_token()
    {
        var emulator = new MetaEmulator(new MetaEmulatorOptions { RegisterSandboxAccount = true });
        await using var host = await AudienceRelay.Emulators.Hosting.EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        using var http = new HttpClient();
        using var response = await http.PostAsync(
            $"{host.UrlFor("meta")}/v25.0/act_{MetaEmulator.SandboxAdAccountId}/customaudiences?access_token={MetaEmulator.SandboxAccessToken}",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "sandbox", ["subtype"] = "CUSTOM", ["customer_file_source"] = "USER_PROVIDED_ONLY",
            }));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("sandbox", Assert.Single(emulator.Audiences(MetaEmulator.SandboxAdAccountId)).Name);
    }

    private static string Hmac(string key, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));
}

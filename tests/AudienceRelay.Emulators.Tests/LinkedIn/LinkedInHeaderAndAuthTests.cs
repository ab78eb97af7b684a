using AudienceRelay.Emulators.LinkedIn;

namespace AudienceRelay.Emulators.Tests.LinkedIn;

/// <summary>What every versioned call needs: a bearer token with a role on the account, a served version, Rest.li 2.0.0.</summary>
public sealed class LinkedInHeaderAndAuthTests
{
    private const string Finder = $"rest/dmpSegments?q=account&account=urn%3Ali%3AsponsoredAccount%3A{LinkedInTestEnvironment.Account}";

    [Fact]
    public async Task Without_a_token_the_answer_is_401_in_linkedins_error_shape()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();

        var (status, body, _) = await env.SendAsync(HttpMethod.Get, Finder, token: null);

        Assert.Equal(401, status);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal(401, body.GetProperty("serviceErrorCode").GetInt32());
        Assert.Equal("Empty oauth2_access_token", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_or_expired_token_is_401_and_another_members_token_is_403()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();

        var unknown = await env.SendAsync(HttpMethod.Get, Finder, token: "nope");
        var other = await env.SendAsync(HttpMethod.Get, Finder, token: LinkedInTestEnvironment.OtherToken);
        env.Emulator.ExpireAccessTokens();
        var expired = await env.SendAsync(HttpMethod.Get, Finder);

        Assert.Equal((401, 65600), (unknown.Status, unknown.Body.GetProperty("serviceErrorCode").GetInt32()));
        Assert.Equal(403, other.Status);
        Assert.Equal((401, "EXPIRED_ACCESS_TOKEN"), (expired.Status, expired.Body.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData(null, 400, "VERSION_MISSING")]
    [InlineData("202511", 426, "VERSION_SUNSET")]
    [InlineData("209901", 426, "NONEXISTENT_VERSION")]
    [InlineData("202613", 426, "NONEXISTENT_VERSION")]
    [InlineData("2026-07", 426, "NONEXISTENT_VERSION")]
    public async Task The_version_header_must_name_a_served_month(string? version, int expectedStatus, string code)
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();

        var (status, body, _) = await env.SendAsync(HttpMethod.Get, Finder, version: version);

        Assert.Equal(expectedStatus, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1.0.0")]
    public async Task Restli_protocol_2_0_0_is_required(string? protocol)
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();

        var (status, body, _) = await env.SendAsync(HttpMethod.Post, "rest/dmpSegments", LinkedInTestEnvironment.SegmentBody("x"), protocol: protocol);

        Assert.Equal(400, status);
        Assert.Contains("X-Restli-Protocol-Version", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Segments(LinkedInTestEnvironment.Account));
    }

    [Fact]
    public async Task A_refresh_token_mints_a_token_that_works_and_a_wrong_secret_is_invalid_grant()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        env.Emulator.AddRefreshGrant("client-1", "secret-1", "refresh-1", LinkedInTestEnvironment.Account);

        using var bad = await env.Http.PostAsync(new Uri("oauth/v2/accessToken", UriKind.Relative), Form("client-1", "wrong", "refresh-1"));
        using var good = await env.Http.PostAsync(new Uri("oauth/v2/accessToken", UriKind.Relative), Form("client-1", "secret-1", "refresh-1"));
        var minted = System.Text.Json.JsonDocument.Parse(await good.Content.ReadAsStringAsync()).RootElement;
        var call = await env.SendAsync(HttpMethod.Get, Finder, token: minted.GetProperty("access_token").GetString());

        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("invalid_grant", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, (int)good.StatusCode);
        Assert.Equal((long)TimeSpan.FromDays(60).TotalSeconds, minted.GetProperty("expires_in").GetInt64());
        Assert.Equal(200, call.Status);
        Assert.Equal(1, env.Emulator.TokensIssued);
    }

    [Fact]
    public async Task A_minted_token_expires_after_its_lifetime()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync(new LinkedInEmulatorOptions { AccessTokenLifetime = TimeSpan.FromMinutes(10) });
        env.Emulator.AddRefreshGrant("c", "s", "r", LinkedInTestEnvironment.Account);
        using var answer = await env.Http.PostAsync(new Uri("oauth/v2/accessToken", UriKind.Relative), Form("c", "s", "r"));
        var token = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();

        env.Clock.Advance(TimeSpan.FromMinutes(10));
        var (status, _, _) = await env.SendAsync(HttpMethod.Get, Finder, token: token);

        Assert.Equal(401, status);
    }

    private static FormUrlEncodedContent Form(string client, string secret, string refresh) => new(
    [
        new("grant_type", "refresh_token"),
        new("client_id", client),
        new("client_secret", secret),
        new("refresh_token", refresh),
    ]);
}

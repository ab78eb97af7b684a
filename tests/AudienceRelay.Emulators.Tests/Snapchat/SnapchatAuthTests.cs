using AudienceRelay.Emulators.Snapchat;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Emulators.Tests.Snapchat;

public sealed class SnapchatAuthTests
{
    private const string SegmentsPath = $"v1/adaccounts/{SnapchatTestEnvironment.Account}/segments";

    [Theory]
    [InlineData("client-1", "wrong", "refresh-1", "refresh_token", 401, "invalid_client")]
    [InlineData("nobody", "secret-1", "refresh-1", "refresh_token", 401, "invalid_client")]
    [InlineData("client-1", "secret-1", "stale", "refresh_token", 400, "invalid_grant")]
    [InlineData("client-1", "secret-1", "refresh-1", "client_credentials", 400, "unsupported_grant_type")]
    public async Task The_token_endpoint_refuses_wrong_credentials_with_oauth_errors(string client, string secret, string refresh, string grant, int status, string error)
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();

        using var response = await env.TokenAsync(client, secret, refresh, grant);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains($"\"error\":\"{error}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, env.Emulator.TokensIssued);
    }

    [Fact]
    public async Task Calls_without_a_bearer_token_or_with_an_unknown_one_are_401()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();

        var (missing, missingBody, _) = await env.CallAsync(HttpMethod.Get, SegmentsPath, null, null);
        var (unknown, unknownBody, _) = await env.CallAsync(HttpMethod.Get, SegmentsPath, null, "made-up");

        Assert.Equal(401, missing);
        Assert.Equal("ERROR", missingBody.GetProperty("request_status").GetString());
        Assert.Equal(401, unknown);
        Assert.Contains("expired", SnapchatTestEnvironment.Debug(unknownBody), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_expires_after_its_1800_seconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var env = await SnapchatTestEnvironment.StartAsync(time: time);
        var token = await env.AccessTokenAsync();

        time.Advance(TimeSpan.FromSeconds(1799));
        Assert.Equal(200, (await env.CallAsync(HttpMethod.Get, SegmentsPath, null, token)).Status);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(401, (await env.CallAsync(HttpMethod.Get, SegmentsPath, null, token)).Status);
    }

    [Fact]
    public async Task A_token_reaches_only_its_apps_ad_accounts()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();

        var (status, body, _) = await env.CallAsync(HttpMethod.Get, $"v1/adaccounts/{SnapchatTestEnvironment.OtherAccount}/segments", null, token);

        Assert.Equal(403, status);
        Assert.Equal("E3002", body.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Expiring_every_token_forces_a_refresh()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync(new SnapchatEmulatorOptions());
        var token = await env.AccessTokenAsync();

        env.Emulator.ExpireAccessTokens();

        Assert.Equal(401, (await env.CallAsync(HttpMethod.Get, SegmentsPath, null, token)).Status);
        Assert.Equal(200, (await env.CallAsync(HttpMethod.Get, SegmentsPath, null, await env.AccessTokenAsync())).Status);
    }
}

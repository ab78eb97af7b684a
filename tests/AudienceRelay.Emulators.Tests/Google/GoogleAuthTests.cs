using System.Text.Json;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Tests.Google;

public sealed class GoogleAuthTests
{
    private const string Search = """{"query":"SELECT user_list.id, user_list.name FROM user_list"}""";

    [Fact]
    public async Task The_token_endpoint_gives_an_hour_long_token_for_a_known_refresh_token_and_refuses_others()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();

        using var ok = await env.TokenAsync();
        var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3599, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());

        using var badSecret = await env.TokenAsync(secret: "wrong");
        Assert.Equal(401, (int)badSecret.StatusCode);
        Assert.Contains("invalid_client", await badSecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badRefresh = await env.TokenAsync(refreshToken: "revoked");
        Assert.Equal(400, (int)badRefresh.StatusCode);
        Assert.Contains("invalid_grant", await badRefresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, env.Emulator.TokensIssued);
    }

    [Fact]
    public async Task An_expired_access_token_is_a_401_and_a_fresh_one_works()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        Assert.Equal(200, (await env.PostAsync("googleAds:search", Search, token)).Status);

        env.Time.Advance(TimeSpan.FromSeconds(3599));
        var (status, body) = await env.PostAsync("googleAds:search", Search, token);

        Assert.Equal(401, status);
        Assert.Equal("OAUTH_TOKEN_EXPIRED", GoogleTestEnvironment.ErrorCode(body));
        Assert.Equal(200, (await env.PostAsync("googleAds:search", Search, await env.AccessTokenAsync())).Status);
        Assert.Equal(401, (await env.PostAsync("googleAds:search", Search, null)).Status);
    }

    [Fact]
    public async Task The_developer_token_is_required()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();

        var (missing, body) = await env.PostAsync("googleAds:search", Search, token, developerToken: null);
        var (wrong, _) = await env.PostAsync("googleAds:search", Search, token, developerToken: "not-ours");

        Assert.Equal((401, 401), (missing, wrong));
        Assert.Equal("DEVELOPER_TOKEN_INVALID", GoogleTestEnvironment.ErrorCode(body));
    }

    [Fact]
    public async Task A_client_account_is_reached_only_with_its_manager_s_login_customer_id()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();

        var (without, body) = await env.PostAsync("googleAds:search", Search, token, customer: GoogleTestEnvironment.ClientCustomer);
        var (wrongManager, _) = await env.PostAsync("googleAds:search", Search, token, customer: GoogleTestEnvironment.ClientCustomer, loginCustomerId: "1111111111");
        var (dashed, dashedBody) = await env.PostAsync("googleAds:search", Search, token, customer: GoogleTestEnvironment.ClientCustomer, loginCustomerId: "555-666-7777");
        var (with, _) = await env.PostAsync("googleAds:search", Search, token, customer: GoogleTestEnvironment.ClientCustomer, loginCustomerId: GoogleTestEnvironment.Manager);

        Assert.Equal(403, without);
        Assert.Equal("USER_PERMISSION_DENIED", GoogleTestEnvironment.ErrorCode(body));
        Assert.Equal(403, wrongManager);
        Assert.Equal(400, dashed);
        Assert.Equal("INVALID_LOGIN_CUSTOMER_ID", GoogleTestEnvironment.ErrorCode(dashedBody));
        Assert.Equal(200, with);
    }

    [Fact]
    public async Task Injected_faults_answer_as_Google_does()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 12 });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 503 });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, Message = "databaseError:CONCURRENT_MODIFICATION" });

        var (throttled, throttle) = await env.PostAsync("googleAds:search", Search, token);
        var (unavailable, _) = await env.PostAsync("googleAds:search", Search, token);
        var (busy, busyBody) = await env.PostAsync("googleAds:search", Search, token);

        Assert.Equal(429, throttled);
        Assert.Equal("RESOURCE_EXHAUSTED", throttle.GetProperty("error").GetProperty("status").GetString());
        Assert.Equal("12s", throttle.GetProperty("error").GetProperty("details")[0].GetProperty("errors")[0].GetProperty("details").GetProperty("quotaErrorDetails").GetProperty("retryDelay").GetString());
        Assert.Equal(503, unavailable);
        Assert.Equal(400, busy);
        Assert.Equal("CONCURRENT_MODIFICATION", GoogleTestEnvironment.ErrorCode(busyBody));
        Assert.Equal(200, (await env.PostAsync("googleAds:search", Search, token)).Status);
    }

    [Fact]
    public async Task A_sunset_version_or_an_unknown_path_is_a_404()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();

        Assert.Equal(404, (await env.PostAsync("googleAds:search", Search, token, version: "v18")).Status);
        Assert.Equal(404, (await env.PostAsync("offlineUserDataJobs:delete", "{}", token)).Status);
    }
}

using System.Net.Http.Headers;
using System.Text;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Pinterest;

namespace AudienceRelay.Emulators.Tests.Pinterest;

public sealed class PinterestEmulatorTests
{
    private const string ListsPath = $"v5/ad_accounts/{PinterestTestEnvironment.Account}/customer_lists";

    [Fact]
    public async Task Calls_need_a_bearer_token_that_reaches_the_ad_account()
    {
        await using var env = await PinterestTestEnvironment.StartAsync();

        var missing = await env.CallAsync(HttpMethod.Get, ListsPath, token: null);
        var unknown = await env.CallAsync(HttpMethod.Get, ListsPath, token: "made-up");
        var other = await env.CallAsync(HttpMethod.Get, ListsPath, token: PinterestTestEnvironment.OtherToken);

        Assert.Equal(401, missing.Status);
        Assert.Equal("Authentication failed.", missing.Body.GetProperty("message").GetString());
        Assert.Equal(401, unknown.Status);
        Assert.Equal(403, other.Status);
        Assert.True(other.Body.TryGetProperty("code", out _));
    }

    [Fact]
    public async Task The_token_endpoint_takes_basic_client_credentials_and_its_tokens_expire_on_demand()
    {
        await using var env = await PinterestTestEnvironment.StartAsync();
        async Task<HttpResponseMessage> Refresh(string secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, PinterestEmulator.TokenPath)
            {
                Content = new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", "pinr_refresh")]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("app-1:" + secret)));
            return await env.Http.SendAsync(request);
        }

        using var refused = await Refresh("wrong");
        using var granted = await Refresh("app-secret");
        var token = System.Text.Json.JsonDocument.Parse(await granted.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();

        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Equal(200, (await env.CallAsync(HttpMethod.Get, ListsPath, token: token)).Status);
        env.Emulator.ExpireAccessTokens();
        Assert.Equal(401, (await env.CallAsync(HttpMethod.Get, ListsPath, token: token)).Status);
        Assert.Equal(200, (await env.CallAsync(HttpMethod.Get, ListsPath)).Status);
    }

    [Theory]
    [InlineData("Ann@example.com", "record 0 is neither")]
    [InlineData("ann@example.com,,bob@example.com", "record 1 is empty")]
    [InlineData("ann@example.com, bob@example.com", "record 1 is empty or has whitespace")]
    [InlineData("ann@example.com,", "record 1 is empty")]
    [InlineData("not-an-email", "record 0 is neither")]
    public async Task Records_must_be_one_comma_separated_string_of_lower_case_emails_or_digests(string records, string expected)
    {
        await using var env = await PinterestTestEnvironment.StartAsync();
        var list = await env.CreateListAsync("l");

        var (status, body, _) = await env.UpdateAsync(list, "ADD", records);

        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Members(PinterestTestEnvironment.Account, list));
    }

    [Fact]
    public async Task Add_and_remove_change_the_members_and_status_is_too_small_below_the_minimum()
    {
        await using var env = await PinterestTestEnvironment.StartAsync(new PinterestEmulatorOptions { MinimumListSize = 3 });
        var list = await env.CreateListAsync("l");
        string[] hashes = [PinterestTestEnvironment.Sha256("a@example.com"), PinterestTestEnvironment.Sha256("b@example.com"), PinterestTestEnvironment.Sha256("c@example.com")];

        var added = await env.UpdateAsync(list, "ADD", string.Join(',', hashes));
        var removed = await env.UpdateAsync(list, "REMOVE", hashes[0]);
        var wrongOperation = await env.UpdateAsync(list, "REPLACE", hashes[0]);

        Assert.Equal("READY", added.Body.GetProperty("status").GetString());
        Assert.Equal(3, added.Body.GetProperty("num_uploaded_user_records").GetInt32());
        Assert.Equal("TOO_SMALL", removed.Body.GetProperty("status").GetString());
        Assert.Equal(1, removed.Body.GetProperty("num_removed_user_records").GetInt32());
        Assert.Equal(400, wrongOperation.Status);
        Assert.Equal(hashes[1..].ToHashSet(), env.Emulator.Members(PinterestTestEnvironment.Account, list));
    }

    [Fact]
    public async Task More_records_than_the_limit_are_refused()
    {
        await using var env = await PinterestTestEnvironment.StartAsync(new PinterestEmulatorOptions { MaxRecordsPerCall = 2 });
        var list = await env.CreateListAsync("l");

        var (status, body, _) = await env.UpdateAsync(list, "ADD", "a@example.com,b@example.com,c@example.com");

        Assert.Equal(400, status);
        Assert.Contains("at most 2 records", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_page_by_bookmark_and_page_size_is_bounded()
    {
        await using var env = await PinterestTestEnvironment.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await env.CreateListAsync(name);
        }

        var first = await env.CallAsync(HttpMethod.Get, ListsPath + "?page_size=2");
        var second = await env.CallAsync(HttpMethod.Get, ListsPath + "?page_size=2&bookmark=" + first.Body.GetProperty("bookmark").GetString());
        var tooBig = await env.CallAsync(HttpMethod.Get, ListsPath + "?page_size=251");

        Assert.Equal(2, first.Body.GetProperty("items").GetArrayLength());
        Assert.Equal("c", second.Body.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.Body.GetProperty("bookmark").ValueKind);
        Assert.Equal(400, tooBig.Status);
    }

    [Fact]
    public async Task A_customer_list_audience_needs_a_list_of_the_same_account()
    {
        await using var env = await PinterestTestEnvironment.StartAsync();
        var list = await env.CreateListAsync("l");
        var path = $"v5/ad_accounts/{PinterestTestEnvironment.Account}/audiences";

        var missing = await env.CallAsync(HttpMethod.Post, path, """{"name":"x","audience_type":"CUSTOMER_LIST","rule":{"customer_list_id":"999"}}""");
        var ok = await env.CallAsync(HttpMethod.Post, path, $$$"""{"name":"x","audience_type":"CUSTOMER_LIST","rule":{"customer_list_id":"{{{list}}}"}}""");

        Assert.Equal(400, missing.Status);
        Assert.Equal(200, ok.Status);
        Assert.Equal(list, Assert.Single(env.Emulator.Audiences(PinterestTestEnvironment.Account)).CustomerListId);
    }

    [Fact]
    public async Task A_throttle_is_a_429_with_retry_after()
    {
        await using var env = await PinterestTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 9 });

        var (status, body, response) = await env.CallAsync(HttpMethod.Get, ListsPath);

        Assert.Equal(429, status);
        Assert.Equal(TimeSpan.FromSeconds(9), response.Headers.RetryAfter?.Delta);
        Assert.Equal(8, body.GetProperty("code").GetInt32());
        Assert.Equal(200, (await env.CallAsync(HttpMethod.Get, ListsPath)).Status);
    }
}

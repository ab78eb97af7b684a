using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Snapchat;

namespace AudienceRelay.Emulators.Tests.Snapchat;

public sealed class SnapchatSegmentAndUsersTests
{
    private const string SegmentsPath = $"v1/adaccounts/{SnapchatTestEnvironment.Account}/segments";

    [Theory]
    [InlineData("""{"segments":[{"name":"a","source_type":"FIRST_PARTY","ad_account_id":"0d9b6c2a-1111-4c3d-8e9f-000000000001"}]}""", "retention_in_days is required")]
    [InlineData("""{"segments":[{"name":"a","source_type":"FIRST_PARTY","retention_in_days":10000,"ad_account_id":"0d9b6c2a-1111-4c3d-8e9f-000000000001"}]}""", "between 1 and 9999")]
    [InlineData("""{"segments":[{"name":"a","source_type":"LOOKALIKE","retention_in_days":30,"ad_account_id":"0d9b6c2a-1111-4c3d-8e9f-000000000001"}]}""", "source_type must be one of")]
    [InlineData("""{"segments":[{"name":"a","source_type":"FIRST_PARTY","retention_in_days":30}]}""", "ad_account_id is required")]
    [InlineData("""{"segments":[]}""", "segments")]
    public async Task Segment_creation_checks_the_documented_fields(string json, string expected)
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();

        var (status, body, _) = await env.CallAsync(HttpMethod.Post, SegmentsPath, json, await env.AccessTokenAsync());

        Assert.Equal(400, status);
        Assert.Contains(expected, SnapchatTestEnvironment.Debug(body), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Segments(SnapchatTestEnvironment.Account));
    }

    [Fact]
    public async Task The_segment_list_pages_with_next_link_and_refuses_a_limit_out_of_range()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync(new SnapchatEmulatorOptions { PageSize = 2 });
        var token = await env.AccessTokenAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await env.CreateSegmentAsync(token, name);
        }

        var (_, first, _) = await env.CallAsync(HttpMethod.Get, SegmentsPath + "?limit=1000", null, token);
        var next = first.GetProperty("paging").GetProperty("next_link").GetString()!;
        var (_, second, _) = await env.CallAsync(HttpMethod.Get, next, null, token);
        var (tooSmall, _, _) = await env.CallAsync(HttpMethod.Get, SegmentsPath + "?limit=10", null, token);

        Assert.Equal(2, first.GetProperty("segments").GetArrayLength());
        Assert.StartsWith(env.Host.BaseUri.ToString(), next, StringComparison.Ordinal);
        Assert.Equal("c", second.GetProperty("segments")[0].GetProperty("segment").GetProperty("name").GetString());
        Assert.False(second.TryGetProperty("paging", out _));
        Assert.Equal(400, tooSmall);
    }

    [Theory]
    [InlineData("""{"users":[{"schema":["EMAIL_SHA256","PHONE_SHA256"],"data":[["H","H"]]}]}""", "exactly one identifier type")]
    [InlineData("""{"users":[{"schema":["EMAIL_SHA256"],"data":[["H"]]},{"schema":["PHONE_SHA256"],"data":[["H"]]}]}""", "one object per request")]
    [InlineData("""{"users":[{"schema":["EMAIL"],"data":[["H"]]}]}""", "schema: must be one of")]
    [InlineData("""{"users":[{"schema":["EMAIL_SHA256"],"data":[["H","H"]]}]}""", "data[0]")]
    [InlineData("""{"users":[{"schema":["EMAIL_SHA256"],"data":[["ann@example.com"]]}]}""", "SHA-256 hex digest")]
    [InlineData("""{"users":[{"schema":["EMAIL_SHA256"],"data":[]}]}""", "non-empty array of rows")]
    [InlineData("""{"users":[{"id":"1","schema":["EMAIL_SHA256"],"data":[["H"]]}]}""", "only a removal may name the segment")]
    public async Task Users_requests_are_refused_unless_one_schema_of_lower_case_digests(string template, string expected)
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var segment = await env.CreateSegmentAsync(token, "s");

        var json = template.Replace("\"H\"", $"\"{SnapchatTestEnvironment.Sha256("ann@example.com")}\"", StringComparison.Ordinal);
        var (status, body, _) = await env.CallAsync(HttpMethod.Post, $"v1/segments/{segment}/users", json, token);

        Assert.Equal(400, status);
        Assert.Contains(expected, SnapchatTestEnvironment.Debug(body), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.UsersCalls);
    }

    [Fact]
    public async Task An_upper_case_digest_or_a_non_json_body_is_refused()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var segment = await env.CreateSegmentAsync(token, "s");
        var hash = SnapchatTestEnvironment.Sha256("ann@example.com");

        var upper = await env.CallAsync(HttpMethod.Post, $"v1/segments/{segment}/users", SnapchatTestEnvironment.Users("EMAIL_SHA256", hash.ToUpperInvariant()), token);
        var form = await env.CallAsync(HttpMethod.Post, $"v1/segments/{segment}/users", SnapchatTestEnvironment.Users("EMAIL_SHA256", hash), token, "text/plain");

        Assert.Equal(400, upper.Status);
        Assert.Equal(400, form.Status);
        Assert.Contains("Content-Type", SnapchatTestEnvironment.Debug(form.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_identifiers_than_the_limit_are_refused_and_the_limit_itself_is_taken()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync(new SnapchatEmulatorOptions { MaxIdentifiersPerRequest = 3 });
        var token = await env.AccessTokenAsync();
        var segment = await env.CreateSegmentAsync(token, "s");
        var ids = Enumerable.Range(0, 4).Select(i => SnapchatTestEnvironment.Sha256($"u{i}@example.com")).ToArray();

        var over = await env.CallAsync(HttpMethod.Post, $"v1/segments/{segment}/users", SnapchatTestEnvironment.Users("EMAIL_SHA256", ids), token);
        var at = await env.CallAsync(HttpMethod.Post, $"v1/segments/{segment}/users", SnapchatTestEnvironment.Users("EMAIL_SHA256", ids[..3]), token);

        Assert.Equal(400, over.Status);
        Assert.Contains("at most 3 identifiers", SnapchatTestEnvironment.Debug(over.Body), StringComparison.Ordinal);
        Assert.Equal(200, at.Status);
        Assert.Equal(3, at.Body.GetProperty("users")[0].GetProperty("user").GetProperty("number_uploaded_users").GetInt32());
        Assert.Equal(3, env.Emulator.Members(segment, "EMAIL_SHA256").Count);
    }

    [Fact]
    public async Task Delete_removes_the_identifiers_of_its_schema_only()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var segment = await env.CreateSegmentAsync(token, "s");
        var ann = SnapchatTestEnvironment.Sha256("ann@example.com");
        var phone = SnapchatTestEnvironment.Sha256("16505551212");
        await env.CallAsync(HttpMethod.Post, $"v1/segments/{segment}/users", SnapchatTestEnvironment.Users("EMAIL_SHA256", ann), token);
        await env.CallAsync(HttpMethod.Post, $"v1/segments/{segment}/users", SnapchatTestEnvironment.Users("PHONE_SHA256", phone), token);

        var removal = $$"""{"users":[{"id":"{{segment}}","schema":["EMAIL_SHA256"],"data":[["{{ann}}"]]}]}""";
        Assert.Equal(200, (await env.CallAsync(HttpMethod.Delete, $"v1/segments/{segment}/users", removal, token)).Status);

        Assert.Empty(env.Emulator.Members(segment, "EMAIL_SHA256"));
        Assert.Equal([phone], env.Emulator.Members(segment, "PHONE_SHA256"));
    }

    [Fact]
    public async Task A_throttle_is_a_429_with_retry_after_and_snaps_error_body_then_calls_go_through()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 7, PathContains = "/segments" });

        var (status, body, response) = await env.CallAsync(HttpMethod.Get, SegmentsPath, null, token);
        var next = await env.CallAsync(HttpMethod.Get, SegmentsPath, null, token);

        Assert.Equal(429, status);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("ERROR", body.GetProperty("request_status").GetString());
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task An_injected_error_carries_its_status_and_code()
    {
        await using var env = await SnapchatTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 403, Code = 3002, Message = "no access" });

        var (status, body, _) = await env.CallAsync(HttpMethod.Get, SegmentsPath, null, token);

        Assert.Equal(403, status);
        Assert.Equal("E3002", body.GetProperty("error_code").GetString());
    }
}

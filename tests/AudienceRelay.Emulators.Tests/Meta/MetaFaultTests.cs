using System.Diagnostics;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaFaultTests
{
    private const string ListPath = $"act_{AccountId}/customaudiences?access_token={Token}";

    [Fact]
    public async Task Throttle_answers_400_code_17_with_usage_headers()
    {
        await using var env = await StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 150 });

        using var response = await env.GetAsync(ListPath);
        var error = await ReadErrorAsync(response, 17);

        Assert.True(error.GetProperty("is_transient").GetBoolean());
        using var usage = JsonDocument.Parse(response.Headers.GetValues("X-Business-Use-Case-Usage").Single());
        var entry = usage.RootElement.GetProperty(AccountId)[0];
        Assert.Equal("custom_audience", entry.GetProperty("type").GetString());
        Assert.Equal(100, entry.GetProperty("call_count").GetInt32());
        Assert.True(entry.TryGetProperty("total_cputime", out _));
        Assert.True(entry.TryGetProperty("total_time", out _));
        Assert.Equal(3, entry.GetProperty("estimated_time_to_regain_access").GetInt32());
        using var app = JsonDocument.Parse(response.Headers.GetValues("X-App-Usage").Single());
        Assert.True(app.RootElement.TryGetProperty("call_count", out _));

        using var next = await env.GetAsync(ListPath);
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Theory]
    [InlineData(4, null)]
    [InlineData(613, 1487742)]
    [InlineData(80003, 2446079)]
    public async Task Throttle_uses_the_fault_code_and_subcode(int code, int? subcode)
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("limited");
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, Code = code, Subcode = subcode, PathContains = "/users" });

        using var response = await env.UploadAsync(id, "users", EmailPayload("a@x.io"));
        var error = await ReadErrorAsync(response, code, subcode);
        Assert.Equal(subcode is null, !error.TryGetProperty("error_subcode", out _));
        Assert.Equal(1, JsonDocument.Parse(response.Headers.GetValues("X-Business-Use-Case-Usage").Single())
            .RootElement.GetProperty(AccountId)[0].GetProperty("estimated_time_to_regain_access").GetInt32());
        Assert.Empty(env.Emulator.Members(id));
    }

    [Fact]
    public async Task Server_error_is_500_with_a_JSON_code_2_body()
    {
        await using var env = await StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError });
        using var response = await env.GetAsync(ListPath);
        using var body = await ReadAsync(response);
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(2, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Server_error_with_message_html_returns_an_HTML_page()
    {
        await using var env = await StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 502, Message = "html" });
        using var response = await env.GetAsync(ListPath);
        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_fault_answers_the_given_code_and_subcode()
    {
        await using var env = await StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, Code = 2650, Subcode = 1870158, Times = 2 });
        for (var i = 0; i < 2; i++)
        {
            using var response = await env.GetAsync(ListPath);
            await ReadErrorAsync(response, 2650, 1870158);
        }

        using var after = await env.GetAsync(ListPath);
        Assert.Equal(200, (int)after.StatusCode);
    }

    [Fact]
    public async Task Slow_fault_delays_then_answers_normally()
    {
        await using var env = await StartAsync();
        var delay = TimeSpan.FromMilliseconds(300);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Slow, Delay = delay });

        var started = Stopwatch.GetTimestamp();
        using var response = await env.GetAsync(ListPath);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(started) >= delay - TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Drop_fault_aborts_the_connection_and_changes_nothing()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("dropped");
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Drop });

        await Assert.ThrowsAsync<HttpRequestException>(() => env.UploadAsync(id, "users", EmailPayload("a@x.io")));

        Assert.Empty(env.Emulator.Members(id));
        Assert.Contains(env.Emulator.Requests, r => r.StatusCode == 0 && r.Path.EndsWith("/users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task State_route_serves_the_snapshot_with_hashes_only()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("snap");
        (await env.UploadAsync(id, "users", EmailPayload("a@x.io", "b@x.io", "c@x.io"))).Dispose();
        (await env.UploadAsync(id, "usersreplace", EmailPayload("d@x.io"), Session(8, 1, last: false))).Dispose();

        using var response = await env.Http.GetAsync(new Uri(env.Host.BaseUri, "_emulator/meta/state?sample=2"));
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);

        var audience = body.RootElement.GetProperty("adAccounts")[0].GetProperty("audiences")[0];
        Assert.Equal(3, audience.GetProperty("memberCount").GetInt32());
        Assert.Equal(2, audience.GetProperty("sampleMembers").GetArrayLength());
        Assert.Equal("8", audience.GetProperty("openSessions")[0].GetProperty("sessionId").GetString());
        Assert.DoesNotContain("@x.io", text, StringComparison.Ordinal);
    }
}

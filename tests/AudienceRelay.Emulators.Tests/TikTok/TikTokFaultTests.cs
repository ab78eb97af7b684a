using System.Diagnostics;
using System.Net;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Tests.TikTok;

public sealed class TikTokFaultTests
{
    private static readonly string ListPath = $"dmp/custom_audience/list/?advertiser_id={TikTokTestEnvironment.Advertiser}";

    [Theory]
    [InlineData(null, 40100)]
    [InlineData(40133, 40133)]
    [InlineData(40016, 40016)]
    public async Task Throttle_is_an_http_200_with_the_throttling_code(int? code, int expected)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, Code = code });

        var throttled = await env.GetAsync(ListPath);
        var next = await env.GetAsync(ListPath);

        Assert.Equal(expected, TikTokTestEnvironment.Code(throttled));
        Assert.StartsWith("Too many requests", TikTokTestEnvironment.Message(throttled), StringComparison.Ordinal);
        Assert.Equal(0, TikTokTestEnvironment.Code(next));
    }

    [Fact]
    public async Task Server_error_is_code_50000_in_the_envelope_by_default()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError });

        var body = await env.GetAsync(ListPath);

        Assert.Equal(50000, TikTokTestEnvironment.Code(body));
    }

    [Fact]
    public async Task Server_error_with_a_status_code_is_a_bare_http_5xx()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = 503 });

        using var response = await env.SendAsync(HttpMethod.Get, ListPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Error_answers_the_given_code_and_message_and_changes_nothing()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, Code = 40002, Message = "The audience is being updated.", PathContains = "segment/audience" });

        var body = await env.PostAsync("segment/audience/", $$"""{"custom_audience_name":"x","advertiser_id":"{{TikTokTestEnvironment.Advertiser}}","action":"create"}""");

        Assert.Equal(40002, TikTokTestEnvironment.Code(body));
        Assert.Equal("The audience is being updated.", TikTokTestEnvironment.Message(body));
        Assert.Empty(env.Emulator.Audiences(TikTokTestEnvironment.Advertiser));
    }

    [Fact]
    public async Task A_fault_limited_to_a_path_leaves_other_paths_alone()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, PathContains = "segment/mapping" });

        var list = await env.GetAsync(ListPath);
        var audience = await env.CreateAudienceAsync("vip");
        var map = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audience, TikTokTestEnvironment.Sha256("a@example.com")));

        Assert.Equal(0, TikTokTestEnvironment.Code(list));
        Assert.Equal(40100, TikTokTestEnvironment.Code(map));
        Assert.Empty(env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task Drop_aborts_the_connection()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Drop });

        await Assert.ThrowsAsync<HttpRequestException>(() => env.SendAsync(HttpMethod.Get, ListPath));
    }

    [Fact]
    public async Task Slow_answers_normally_after_the_delay()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Slow, Delay = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        var body = await env.GetAsync(ListPath);

        Assert.Equal(0, TikTokTestEnvironment.Code(body));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Faults_can_be_queued_through_the_control_route()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        using var control = new HttpClient();

        // The host binds Fault with default JSON options, so the kind goes as its number (Throttle = 0).
        using var queued = await control.PostAsync(new Uri(env.Host.BaseUri, "_emulator/tiktok/faults"), new StringContent("""{"kind":0,"code":40133}""", System.Text.Encoding.UTF8, "application/json"));

        var body = await env.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        Assert.Equal(40133, TikTokTestEnvironment.Code(body));
    }
}

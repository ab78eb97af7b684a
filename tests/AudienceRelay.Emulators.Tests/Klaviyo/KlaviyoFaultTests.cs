using System.Diagnostics;
using System.Net;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

public sealed class KlaviyoFaultTests
{
    [Theory]
    [InlineData(null, "1")]
    [InlineData(7, "7")]
    public async Task Throttle_is_429_with_retry_after_and_a_throttled_error(int? retryAfter, string expected)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = retryAfter });

        var throttled = await env.GetAsync("lists");
        var next = await env.GetAsync("lists");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal(expected, throttled.Header("Retry-After"));
        Assert.Equal("throttled", throttled.ErrorCode);
        Assert.DoesNotContain("daily", throttled.Error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(throttled.Header("RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.InternalServerError)]
    [InlineData(503, HttpStatusCode.ServiceUnavailable)]
    public async Task Server_error_is_a_5xx_with_an_errors_body(int? status, HttpStatusCode expected)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = status });

        var reply = await env.PostAsync("lists", """{"data":{"type":"list","attributes":{"name":"x"}}}""");

        Assert.Equal(expected, reply.Status);
        Assert.Equal((int)expected, reply.Error.GetProperty("status").GetInt32());
        Assert.Empty(env.Emulator.Lists(KlaviyoTestEnvironment.Key));
    }

    [Fact]
    public async Task Error_answers_the_given_status_with_an_errors_body()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 403, Message = "Your API key is missing required scopes.", PathContains = "/lists" });

        var reply = await env.GetAsync("lists");

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("permission_denied", reply.ErrorCode);
        Assert.Equal("Your API key is missing required scopes.", reply.Error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Drop_aborts_the_connection()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Drop });

        await Assert.ThrowsAsync<HttpRequestException>(() => env.GetAsync("lists"));
    }

    [Fact]
    public async Task Slow_answers_normally_after_the_delay()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Slow, Delay = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        var reply = await env.GetAsync("lists");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task A_fault_limited_to_the_import_path_leaves_lists_alone()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, PathContains = "profile-bulk-import-jobs" });
        var list = await env.CreateListAsync("vip");

        var reply = await env.PostAsync("profile-bulk-import-jobs", KlaviyoTestEnvironment.ImportBody(list, KlaviyoTestEnvironment.Profile(email: "a@example.com")));

        Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
        Assert.Empty(env.Emulator.Jobs(KlaviyoTestEnvironment.Key));
    }
}

using System.Net;
using System.Net.Http.Headers;
using AudienceRelay.Cli.Tests.Infrastructure;
using AudienceRelay.Cli.Uploads;

namespace AudienceRelay.Cli.Tests.Uploads;

public sealed class RetryTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Backoff_doubles_within_jitter_bounds_and_retry_after_wins_up_to_its_cap()
    {
        var policy = new RetryPolicy(TimeProvider.System, new RetrySettings { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) });

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(policy.DelayFor(1, null), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
            Assert.InRange(policy.DelayFor(3, null), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
            Assert.InRange(policy.DelayFor(12, null), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        }

        Assert.Equal(TimeSpan.FromSeconds(7), policy.DelayFor(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.DelayFor(1, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_503_with_retry_after_is_sent_again_after_exactly_that_wait()
    {
        var handler = new ScriptedHandler(call =>
        {
            if (call > 1)
            {
                return ScriptedHandler.Accepted(2);
            }

            var busy = ScriptedHandler.Json(HttpStatusCode.ServiceUnavailable, """{"success":false,"errors":["server: busy"]}""", "application/problem+json");
            busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return busy;
        });
        var time = new RecordingTimeProvider();

        var run = await Upload(handler, time, "--parallel", "1");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(2, handler.Calls);
        Assert.Equal([TimeSpan.FromSeconds(7)], time.Waits);
        Assert.Contains("retries:  1", run.Output, StringComparison.Ordinal);
        Assert.Contains("server answered 503", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially_then_the_batch_is_reported_failed()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway));
        var time = new RecordingTimeProvider();
        var settings = new RetrySettings { MaxAttempts = 4, BaseDelay = TimeSpan.FromSeconds(2) };

        var run = await Upload(handler, time, settings, "--parallel", "1");

        Assert.Equal(ExitCodes.UploadFailed, run.ExitCode);
        Assert.Equal(4, handler.Calls);
        var waits = time.Waits.ToArray();
        Assert.Equal(3, waits.Length);
        Assert.InRange(waits[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.InRange(waits[2], TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
        Assert.Contains("batch 1: The server answered 502", run.Output, StringComparison.Ordinal);
        Assert.Contains("--resume", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(CliRun.ResumeFileOf(folder.File("users.csv"))), "the resume file stays for --resume");
    }

    [Fact]
    public async Task A_refused_key_stops_every_batch_at_the_first_answer()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(
            HttpStatusCode.Unauthorized,
            """{"success":false,"errors":["Authorization: the API key is not valid."],"title":"A valid API key is required.","status":401}""",
            "application/problem+json"));

        var run = await Upload(handler, new RecordingTimeProvider(), "--parallel", "1", "--batch-size", "1", "--api-key", "wrong");

        Assert.Equal(ExitCodes.UploadFailed, run.ExitCode);
        Assert.Equal(1, handler.Calls);
        Assert.Equal("wrong", handler.Requests.Single().Headers.Authorization?.Parameter);
        Assert.Contains("Stopped early", run.Output, StringComparison.Ordinal);
        Assert.Contains("the API key is not valid", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();

    private Task<CliRun> Upload(ScriptedHandler handler, TimeProvider time, params string[] extra) =>
        Upload(handler, time, new RetrySettings(), extra);

    private Task<CliRun> Upload(ScriptedHandler handler, TimeProvider time, RetrySettings retry, params string[] extra)
    {
        var file = folder.Write("users.csv", "email,firstName\nvi@example.com,Vi\nwes@example.org,Wes\n");
        var services = CliServices.Default with { Time = time, CreateHandler = () => handler, Retry = retry };
        return CliRun.RunAsync(services, CancellationToken.None, ["upload", file, "--name", "Retry test", "--url", "http://relay.test", .. extra]);
    }
}

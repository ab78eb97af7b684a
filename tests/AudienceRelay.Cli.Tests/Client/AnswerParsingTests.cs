using System.Net;
using AudienceRelay.Cli.Tests.Infrastructure;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Tests.Client;

/// <summary>Answers a real server gives only under load or failure, scripted.</summary>
public sealed class AnswerParsingTests : IDisposable
{
    private const string TimedOut =
        """
        {"success":true,"sessionId":5,"sequence":1,"accepted":3,"skipped":0,"skippedReasons":{},"duplicate":false,
         "results":[{"instance":"hook","state":"succeeded","usersSent":3,"attempts":1}],
         "pending":[{"instance":"fb_us","state":"Pending","attempts":2,"platformCounts":{"received":3}},"tiktok"],
         "statusUrl":"/audience/sessions/5"}
        """;

    private readonly TempFolder folder = new();

    [Fact]
    public async Task A_202_reads_as_pending_with_deliveries_given_as_objects_or_names()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(HttpStatusCode.Accepted, TimedOut));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://relay.test") };

        var result = await new AudienceRelayClient(http).UploadAsync(new UploadRequest
        {
            Name = "Pending",
            Batch = new UploadBatch(5, 1, 1, 3),
            Users = [new UserRecord { Email = "qi@example.com" }],
            Sync = true,
        });

        Assert.True(result.IsPending);
        Assert.Equal("/audience/sessions/5", result.StatusUrl);
        Assert.Equal(["fb_us", "tiktok"], result.Pending.Select(p => p.Instance));
        Assert.Equal(2, result.Pending[0].Attempts);
        Assert.True(Assert.Single(result.Results).Succeeded);
    }

    [Fact]
    public async Task The_cli_reports_deliveries_still_running_without_failing()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(HttpStatusCode.Accepted, TimedOut));
        var file = folder.Write("pending.csv", "email\nro@example.com\nsu@example.com\nty@example.com\n");
        var services = CliServices.Default with { CreateHandler = () => handler };

        var run = await CliRun.RunAsync(services, CancellationToken.None, "upload", file, "--name", "Pending", "--sync", "--url", "http://relay.test");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Matches(@"fb_us\s+0 succeeded, 0 failed, 1 pending", run.Output);
        Assert.Matches(@"hook\s+1 succeeded", run.Output);
        Assert.Contains("still running", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_error_page_still_gives_a_typed_exception()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(HttpStatusCode.BadGateway, "<html>proxy error</html>", "text/html"));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://relay.test") };

        var failure = await Assert.ThrowsAsync<AudienceRelayException>(() => new AudienceRelayClient(http).GetSessionAsync(1));

        Assert.Equal(HttpStatusCode.BadGateway, failure.StatusCode);
        Assert.True(failure.IsTransient);
        Assert.Empty(failure.Errors);
        Assert.DoesNotContain("proxy error", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();
}

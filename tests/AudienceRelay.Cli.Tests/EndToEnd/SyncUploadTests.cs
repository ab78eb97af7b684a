using System.Net;
using AudienceRelay.Cli.Tests.Infrastructure;

namespace AudienceRelay.Cli.Tests.EndToEnd;

public sealed class SyncUploadTests : IDisposable
{
    private static readonly string SampleCsv = Path.Combine(AppContext.BaseDirectory, "samples", "users.csv");
    private readonly TempFolder folder = new();

    [Fact]
    public async Task With_sync_the_summary_reports_each_provider_per_batch()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var server = await RelayServer.StartAsync(hook.ProviderSettings("hook"));
        var file = Copy(SampleCsv);

        var run = await CliRun.RunAsync("upload", file, "--name", "Sample buyers", "--sync", "--batch-size", "50", "--url", server.Url);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("4 of 4 acknowledged", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"hook\s+4 succeeded, 0 failed, 0 pending", run.Output);
        Assert.True(hook.Received >= 4, $"the webhook received {hook.Received} deliveries");
    }

    [Fact]
    public async Task With_sync_a_provider_that_refuses_makes_the_upload_fail_but_every_batch_is_stored()
    {
        await using var hook = await WebhookReceiver.StartAsync(HttpStatusCode.BadRequest);
        await using var server = await RelayServer.StartAsync(hook.ProviderSettings("hook"));
        var file = Copy(SampleCsv);

        var run = await CliRun.RunAsync("upload", file, "--name", "Refused", "--sync", "--batch-size", "100", "--session-id", "31337", "--url", server.Url);

        Assert.True(run.ExitCode == ExitCodes.UploadFailed, run.ToString());
        Assert.Contains("2 of 2 acknowledged", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"hook\s+0 succeeded, 2 failed", run.Output);
        Assert.Contains("Failed batches:", run.Output, StringComparison.Ordinal);
        var session = await server.Client().GetSessionAsync(31337);
        Assert.Equal(2, session?.BatchesReceived);
    }

    public void Dispose() => folder.Dispose();

    private string Copy(string source)
    {
        var target = folder.File(Path.GetFileName(source));
        File.Copy(source, target);
        return target;
    }
}

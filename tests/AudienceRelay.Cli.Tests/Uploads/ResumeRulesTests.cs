using System.Net;
using AudienceRelay.Cli.Tests.Infrastructure;
using AudienceRelay.Cli.Uploads;

namespace AudienceRelay.Cli.Tests.Uploads;

/// <summary>--resume continues only the same upload of the same file.</summary>
public sealed class ResumeRulesTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string file;

    public ResumeRulesTests() => file = folder.Write("users.csv", "email\nxu@example.com\nyo@example.org\n");

    [Theory]
    [InlineData("--name", "Another audience", "not \"Another audience\"")]
    [InlineData("--type", "primary", "of type custom, not primary")]
    [InlineData("--batch-size", "7", "--batch-size 1")]
    [InlineData("--session-id", "12", "not 12")]
    [InlineData("--disable-prefix", null, "without --disable-prefix")]
    public async Task A_resume_that_contradicts_the_interrupted_upload_is_refused(string option, string? value, string message)
    {
        await FailedUploadAsync();

        string[] args = ["upload", file, "--resume", "--url", "http://relay.test", option, .. value is null ? Array.Empty<string>() : [value]];
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_changed_since_the_interruption_cannot_be_resumed()
    {
        await FailedUploadAsync();
        File.AppendAllText(file, "zed@example.com\n");

        var run = await CliRun.RunAsync("upload", file, "--resume", "--url", "http://relay.test");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("changed since the interrupted upload", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_upload_over_an_unfinished_one_warns_and_takes_a_new_session()
    {
        var firstSession = await FailedUploadAsync();
        var handler = new ScriptedHandler(_ => ScriptedHandler.Accepted(1));

        var run = await CliRun.RunAsync(CliServices.Default with { CreateHandler = () => handler }, CancellationToken.None,
            "upload", file, "--name", "Resume rules", "--url", "http://relay.test");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains($"unfinished upload (session {firstSession}", run.Error, StringComparison.Ordinal);
        Assert.NotEqual(firstSession, EndToEnd.UploadEndToEndTests.SessionIdIn(run.Output));
        Assert.False(File.Exists(CliRun.ResumeFileOf(file)));
    }

    public void Dispose() => folder.Dispose();

    // Leaves a resume file: batch 1 of 2 is acknowledged, batch 2 fails for good.
    private async Task<long> FailedUploadAsync()
    {
        var handler = new ScriptedHandler(call => call == 1
            ? ScriptedHandler.Accepted(1)
            : new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var services = CliServices.Default with { CreateHandler = () => handler, Retry = new RetrySettings { MaxAttempts = 1 } };

        var run = await CliRun.RunAsync(services, CancellationToken.None,
            "upload", file, "--name", "Resume rules", "--batch-size", "1", "--parallel", "1", "--url", "http://relay.test");

        Assert.True(run.ExitCode == ExitCodes.UploadFailed, run.ToString());
        Assert.True(File.Exists(CliRun.ResumeFileOf(file)));
        return EndToEnd.UploadEndToEndTests.SessionIdIn(run.Output);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AudienceRelay.Cli.Tests.Infrastructure;
using AudienceRelay.Cli.Uploads;

namespace AudienceRelay.Cli.Tests.EndToEnd;

public sealed partial class UploadEndToEndTests : IAsyncLifetime
{
    private readonly TempFolder folder = new();
    private RelayServer server = null!;

    public async Task InitializeAsync() => server = await RelayServer.StartAsync();

    [Fact]
    public async Task A_100000_row_csv_arrives_as_one_complete_session_of_ten_batches()
    {
        var file = SampleFiles.WriteCsv(folder.File("big.csv"), 100_000);

        var run = await CliRun.RunAsync("upload", file, "--name", "Big list", "--batch-size", "10000", "--url", server.Url);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("10 of 10 acknowledged", run.Output, StringComparison.Ordinal);
        var session = await server.Client().GetSessionAsync(SessionIdIn(run.Output));
        Assert.NotNull(session);
        Assert.Equal(10, session.TotalBatches);
        Assert.Equal(10, session.BatchesReceived);
        Assert.Equal(100_000, session.TotalUsers);
        Assert.True(session.Complete);
        Assert.Equal(Enumerable.Range(1, 10), session.Batches.Select(b => b.Sequence).Order());
        Assert.Equal(100_000, session.Batches.Sum(b => b.Users + b.Skipped));
        Assert.False(File.Exists(CliRun.ResumeFileOf(file)), "a finished upload leaves no resume file");
    }

    [Fact]
    public async Task An_interrupted_upload_resumes_its_session_and_sends_only_the_missing_batches()
    {
        var file = SampleFiles.WriteCsv(folder.File("resume.csv"), 20_000);
        using var interrupt = new CancellationTokenSource();
        var acknowledged = 0;
        var first = CliServices.Default with
        {
            BatchAcknowledged = _ =>
            {
                if (Interlocked.Increment(ref acknowledged) == 5)
                {
                    interrupt.Cancel();
                }
            },
        };

        var stopped = await CliRun.RunAsync(first, interrupt.Token, "upload", file, "--name", "Resumed list", "--batch-size", "1000", "--parallel", "2", "--url", server.Url);

        Assert.True(stopped.ExitCode == ExitCodes.UploadFailed, stopped.ToString());
        Assert.Contains("Interrupted", stopped.Output, StringComparison.Ordinal);
        var state = ReadState(CliRun.ResumeFileOf(file));
        Assert.StartsWith(Path.Combine(CliRun.StateHome, "audience-relay") + Path.DirectorySeparatorChar, CliRun.ResumeFileOf(file), StringComparison.Ordinal);
        Assert.Equal(["resume.csv"], Directory.GetFiles(Path.GetDirectoryName(file)!).Select(Path.GetFileName));
        Assert.InRange(state.Completed.Count, 5, 19);
        Assert.Equal(20, state.TotalBatches);

        var counting = new CountingHandler();
        var resumed = await CliRun.RunAsync(CliServices.Default with { CreateHandler = () => counting }, CancellationToken.None, "upload", file, "--resume", "--url", server.Url);

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Equal(20 - state.Completed.Count, counting.Posts);
        Assert.Equal(state.SessionId, SessionIdIn(resumed.Output));
        var session = await server.Client().GetSessionAsync(state.SessionId);
        Assert.NotNull(session);
        Assert.Equal(session.TotalBatches, session.BatchesReceived);
        Assert.Equal(20, session.Batches.Count);
        Assert.True(session.Complete);
        Assert.Equal(20_000, session.Batches.Sum(b => b.Users + b.Skipped));
        Assert.False(File.Exists(CliRun.ResumeFileOf(file)));
    }

    [Fact]
    public async Task Resuming_a_file_that_has_no_unfinished_upload_is_a_usage_error()
    {
        var file = SampleFiles.WriteCsv(folder.File("fresh.csv"), 10);

        var run = await CliRun.RunAsync("upload", file, "--resume", "--url", server.Url);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no unfinished upload", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_every_batch_and_an_unknown_session_is_bad_input()
    {
        var file = SampleFiles.WriteCsv(folder.File("status.csv"), 30);
        var upload = await CliRun.RunAsync("upload", file, "--name", "Status list", "--batch-size", "10", "--session-id", "9001", "--url", server.Url);
        Assert.True(upload.ExitCode == ExitCodes.Ok, upload.ToString());

        var status = await CliRun.RunAsync("status", "9001", "--url", server.Url);
        var unknown = await CliRun.RunAsync("status", "9002", "--url", server.Url);
        var json = await CliRun.RunAsync("status", "9001", "--json", "--url", server.Url);

        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Contains("Session 9001 \"Status list\"", status.Output, StringComparison.Ordinal);
        Assert.Contains("3 of 3 batches received, 30 users, complete", status.Output, StringComparison.Ordinal);
        Assert.Equal(3, TableRow().Count(status.Output));
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        Assert.Contains("no session 9002", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(3, JsonDocument.Parse(json.Output).RootElement.GetProperty("batchesReceived").GetInt32());
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        folder.Dispose();
    }

    internal static long SessionIdIn(string output) =>
        long.Parse(SessionLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);

    private static ResumeState ReadState(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.ResumeState)!;

    [GeneratedRegex(@"^Session (\d+) ", RegexOptions.Multiline)]
    private static partial Regex SessionLine();

    // A batch row of the ASCII table starts with its sequence number and user count.
    [GeneratedRegex(@"^\|\s+\d+\s+\|\s+10\s+\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}

using AudienceRelay.Cli.Tests.Infrastructure;

namespace AudienceRelay.Cli.Tests.EndToEnd;

/// <summary>Bad input files against the real server: the documented messages, exit codes, and what reaches the server.</summary>
public sealed class BadFileTests : IAsyncLifetime
{
    private readonly TempFolder folder = new();
    private RelayServer server = null!;

    public async Task InitializeAsync() => server = await RelayServer.StartAsync();

    [Fact]
    public async Task An_unknown_column_is_refused_before_anything_is_sent()
    {
        var file = folder.Write("unknown.csv", "email,Shoe Size\nxi@example.com,42\n");

        var run = await CliRun.RunAsync("upload", file, "--name", "Shoes", "--session-id", "501", "--url", server.Url);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("line 1: unknown column 'Shoe Size'. Known fields: edgeTagId, email", run.Error, StringComparison.Ordinal);
        Assert.Null(await server.Client().GetSessionAsync(501));
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_line_and_skipped_and_the_good_ones_arrive()
    {
        var file = folder.Write(
            "mixed.csv",
            "email,firstName,profit\n" +
            "yan@example.com,Yan,1\n" +
            "zoe@example.com,Z\"oe,2\n" +
            "amy@example.com,Amy,three\n" +
            "\"ben@example.com\",\"Ben\nBenson\",4\n");

        var run = await CliRun.RunAsync("upload", file, "--name", "Mixed", "--session-id", "502", "--url", server.Url);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("line 3: a quote inside an unquoted field", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 4: profit is not a number; row skipped.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("three", run.Error, StringComparison.Ordinal);
        Assert.Contains("bad rows: 2 skipped", run.Output, StringComparison.Ordinal);
        var session = await server.Client().GetSessionAsync(502);
        Assert.Equal(2, session?.TotalUsers);
    }

    [Fact]
    public async Task Strict_refuses_a_file_with_any_bad_row_and_sends_nothing()
    {
        var file = folder.Write("strict.jsonl", "{\"email\":\"cal@example.com\"}\n{\"email\":\"dee@example.com\"\n{\"email\":\"eli@example.com\"}\n");

        var run = await CliRun.RunAsync("upload", file, "--name", "Strict", "--strict", "--session-id", "503", "--url", server.Url);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("error: " + file + ": line 2: invalid JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was uploaded (--strict)", run.Error, StringComparison.Ordinal);
        Assert.Null(await server.Client().GetSessionAsync(503));
    }

    [Fact]
    public async Task A_quote_never_closed_is_refused_with_the_line_it_opened_on()
    {
        var file = folder.Write("unclosed.csv", "email,lastName\nfay@example.com,Fay\ngil@example.com,\"Gil\nhank@example.com,Hank\n");

        var run = await CliRun.RunAsync("upload", file, "--name", "Unclosed", "--session-id", "504", "--url", server.Url);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("line 3: a quoted field opened on this line is never closed", run.Error, StringComparison.Ordinal);
        Assert.Null(await server.Client().GetSessionAsync(504));
    }

    [Theory]
    [InlineData("email\n", "no users to upload")]
    [InlineData("", "expected a header row")]
    public async Task A_file_without_users_is_bad_input(string content, string message)
    {
        var file = folder.Write("empty.csv", content);

        var run = await CliRun.RunAsync("upload", file, "--name", "Empty", "--url", server.Url);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--type", "everyone")]
    [InlineData("--batch-size", "0")]
    [InlineData("--map", "mail")]
    [InlineData("--pull-date", "31/12/2025")]
    [InlineData("--url", "ftp://relay")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var file = SampleFiles.WriteCsv(folder.File("ok.csv"), 3);

        var run = await CliRun.RunAsync("upload", file, "--name", "Options", option, value);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_name_or_file_is_a_usage_error()
    {
        var noName = await CliRun.RunAsync("upload", SampleFiles.WriteCsv(folder.File("n.csv"), 1), "--url", server.Url);
        var noFile = await CliRun.RunAsync("upload", folder.File("absent.csv"), "--name", "x", "--url", server.Url);

        Assert.Equal(ExitCodes.BadInput, noName.ExitCode);
        Assert.Contains("--name is required", noName.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, noFile.ExitCode);
        Assert.Contains("no such file", noFile.Error, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        folder.Dispose();
    }
}

using System.Text;
using AudienceRelay.Cli.Tests.Infrastructure;

namespace AudienceRelay.Cli.Tests.EndToEnd;

/// <summary>A file that is not UTF-8 is refused with its line; the server's skip reasons reach <c>status</c>.</summary>
public sealed class EncodingAndSkipReasonTests : IAsyncLifetime
{
    private readonly TempFolder folder = new();
    private RelayServer server = null!;

    public async Task InitializeAsync() => server = await RelayServer.StartAsync();

    [Fact]
    public async Task A_latin1_file_is_refused_with_the_line_of_the_first_bad_byte_and_nothing_is_sent()
    {
        var file = folder.File("latin1.csv");
        await File.WriteAllBytesAsync(file, Encoding.Latin1.GetBytes("email,firstName\nana@example.com,Ana\njose@example.com,José\n"));

        var run = await CliRun.RunAsync("upload", file, "--name", "Latin", "--session-id", "601", "--url", server.Url);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("line 3: the file is not valid UTF-8", run.Error, StringComparison.Ordinal);
        Assert.Null(await server.Client().GetSessionAsync(601));
    }

    [Fact]
    public async Task A_large_utf8_file_with_multibyte_characters_across_read_chunks_is_accepted()
    {
        var text = new StringBuilder("email,firstName\n");
        for (var i = 0; i < 6000; i++)
        {
            text.Append(FormattableString.Invariant($"user{i}@example.com,Zoë-Renée 李{i}\n"));
        }

        var file = folder.Write("utf8.csv", text.ToString());
        Assert.True(new FileInfo(file).Length > 3 * 64 * 1024);

        var run = await CliRun.RunAsync("upload", file, "--name", "Accents", "--session-id", "602", "--url", server.Url);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(6000, (await server.Client().GetSessionAsync(602))?.TotalUsers);
    }

    [Fact]
    public async Task Status_lists_the_reasons_users_were_skipped()
    {
        var longEmail = new string('a', 300) + "@example.com";
        var file = folder.Write("reasons.csv", $"email,firstName\nok@example.com,Ok\n{longEmail},Long\n,Nobody\n");

        var upload = await CliRun.RunAsync("upload", file, "--name", "Reasons", "--session-id", "603", "--url", server.Url);
        Assert.True(upload.ExitCode == ExitCodes.Ok, upload.ToString());

        var status = await CliRun.RunAsync("status", "603", "--url", server.Url);

        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Contains("users skipped by the server:", status.Output, StringComparison.Ordinal);
        Assert.Contains("emailTooLong 1", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(longEmail, status.Output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        folder.Dispose();
    }
}

using System.Diagnostics;

namespace AudienceRelay.Server.Tests.Ingress;

/// <summary>
/// The README's quick start, <c>dotnet run --project src/AudienceRelay.Server</c>, keeps the default
/// <c>data/audience.db</c> and <c>data/payload.key</c> under the directory the command is typed in,
/// not under the server's project folder.
/// </summary>
public sealed class DataFolderTests
{
    [Fact]
    public async Task Dotnet_run_puts_the_default_data_folder_in_the_directory_it_was_run_from()
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, "src", "AudienceRelay.Server");
        var here = Directory.CreateTempSubdirectory("audience-relay-cwd-").FullName;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = here, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "run", "--project", project, "--no-build", "-c", configuration, "--",
            "--urls", "http://127.0.0.1:0", "--Delivery:Enabled", "false",
            "--Providers:hook:Type", "webhook", "--Providers:hook:Url", "http://127.0.0.1:9/unused", "--Providers:hook:Secret", "0123456789abcdef0123",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.True(File.Exists(Path.Combine(here, "data", "audience.db")), "the database is under the directory dotnet run was typed in");
        Assert.True(File.Exists(Path.Combine(here, "data", "payload.key")), "so is the payload key");
        Directory.Delete(here, recursive: true);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AudienceRelay.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AudienceRelay.slnx not found above the test output.");
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AudienceRelay.Server.Tests.Infrastructure;

/// <summary>
/// The server as a separate OS process, for what only a real process can show: a SIGKILL right
/// after an answer. Readiness is the server's own "Now listening on" line, not a sleep.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<ServerProcess> StartAsync(string folder, IDictionary<string, string?> settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.ArgumentList.Add(ServerAssembly());
        foreach (var (key, value) in new Dictionary<string, string?>(settings)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Audience"] = $"Data Source={Path.Combine(folder, "audience.db")}",
            ["Store:PayloadKeyFile"] = Path.Combine(folder, "payload.key"),
            ["Logging:LogLevel:Default"] = "Information",
        })
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value ?? string.Empty);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The server exited before listening:\n" + string.Join('\n', output)));
                return;
            }

            output.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ServerProcess(process, address);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static string ServerAssembly()
    {
        // The test build copies the server next to the tests; its runtimeconfig makes it runnable.
        var local = Path.Combine(AppContext.BaseDirectory, "AudienceRelay.Server.dll");
        return File.Exists(Path.Combine(AppContext.BaseDirectory, "AudienceRelay.Server.runtimeconfig.json"))
            ? local
            : throw new FileNotFoundException("AudienceRelay.Server.runtimeconfig.json is not in the test output.");
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}

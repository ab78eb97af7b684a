using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AudienceRelay.Server.Tests.Infrastructure;

/// <summary>
/// The server as a separate OS process, for what only a real process can show: a SIGKILL right
/// after an answer, or several nodes on one PostgreSQL. Readiness is the server's own "Now listening
/// on" line, not a sleep. Each process gets its own SQLite file and key file by default; the given
/// settings override those defaults (a cluster node passes its PostgreSQL settings).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private readonly SemaphoreSlim _outputArrived;

    private ServerProcess(Process process, System.Collections.Concurrent.ConcurrentQueue<string> output, SemaphoreSlim outputArrived, Uri baseAddress)
    {
        _process = process;
        _output = output;
        _outputArrived = outputArrived;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The process id: part of the lease owner (<c>host/pid/run</c>) of the deliveries this node holds.</summary>
    public int Id => _process.Id;

    /// <summary>The server's console output so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(60));

    /// <param name="sandbox">Run the sandbox host (the server composed with the platform emulators) instead of the server.</param>
    public static async Task<ServerProcess> StartAsync(string folder, IDictionary<string, string?> settings, bool sandbox = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.ArgumentList.Add(HostAssembly(sandbox ? "AudienceRelay.Sandbox" : "AudienceRelay.Server"));
        var arguments = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Audience"] = $"Data Source={Path.Combine(folder, "audience.db")}",
            ["Store:PayloadKeyFile"] = Path.Combine(folder, "payload.key"),
            ["Logging:LogLevel:Default"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            // A null value removes the default: the server then uses its own default for that setting.
            if (value is null)
            {
                arguments.Remove(key);
            }
            else
            {
                arguments[key] = value;
            }
        }

        foreach (var (key, value) in arguments)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value ?? string.Empty);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        ServerProcess? server = null;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var outputArrived = new SemaphoreSlim(0);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The server exited before listening:\n" + string.Join('\n', output)));
                return;
            }

            output.Enqueue(e.Data);
            server?.Notice(e.Data);
            outputArrived.Release();
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
        try
        {
            server = new ServerProcess(process, output, outputArrived, await listening.Task.WaitAsync(TimeSpan.FromSeconds(90)));
            return server;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>A task that completes when the server writes a line containing <paramref name="text"/> (from now on).</summary>
    public Task OutputLineAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaited)
        {
            _awaited.Add((text, seen));
        }

        return seen.Task;
    }

    /// <summary>SIGTERM, as a deploy or <c>systemctl stop</c> sends it: the server shuts down gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit by itself; returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Waits, on the arrival of output lines (not on a clock), until a line contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            await _outputArrived.WaitAsync(cts.Token);
        }
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
        _outputArrived.Dispose();
    }

    private void Notice(string line)
    {
        lock (_awaited)
        {
            foreach (var (text, seen) in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)).ToList())
            {
                seen.TrySetResult();
                _awaited.Remove((text, seen));
            }
        }
    }

    private static string HostAssembly(string name)
    {
        // The test build copies the server and the sandbox host next to the tests; their runtimeconfig makes them runnable.
        var local = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        return File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".runtimeconfig.json"))
            ? local
            : throw new FileNotFoundException(name + ".runtimeconfig.json is not in the test output.");
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}

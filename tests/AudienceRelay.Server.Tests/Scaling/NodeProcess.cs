using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AudienceRelay.Server.Tests.Scaling;

/// <summary>
/// One node of a cluster as its own OS process, started with exactly the settings given (unlike
/// <c>ServerProcess</c>, which pins every node to an SQLite file of its own). Readiness is the server's
/// "Now listening on" line; <see cref="KillAsync"/> is a SIGKILL.
/// </summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private NodeProcess(Process process, ConcurrentQueue<string> output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public HttpClient Http { get; }

    /// <summary>The process id: part of the lease owner (<c>host/pid/run</c>) of the deliveries this node holds.</summary>
    public int Id => _process.Id;

    /// <summary>The node's console output so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(60));

    public static async Task<NodeProcess> StartAsync(IDictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-node-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AudienceRelay.Server.dll"));
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value ?? string.Empty);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The node exited before listening:\n" + string.Join('\n', output)));
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
        try
        {
            return new NodeProcess(process, output, await listening.Task.WaitAsync(TimeSpan.FromSeconds(90)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
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

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}

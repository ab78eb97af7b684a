using System.Diagnostics;

namespace AudienceRelay.Soak;

/// <summary>One server node as an OS process on a fixed loopback port; killed with SIGKILL and started again on the same port.</summary>
internal sealed class NodeProcess(string serverDll, int port, IReadOnlyDictionary<string, string> settings, string logPath) : IDisposable
{
    private Process? _process;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}/");

    public bool Running => _process is { HasExited: false };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(serverDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = TextWriter.Synchronized(new StreamWriter(logPath, append: true) { AutoFlush = true });
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Note(e.Data);
        _process.ErrorDataReceived += (_, e) => Note(e.Data);
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"node on port {port} exited before it listened; see {logPath}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Generous: on a loaded 2-core machine a cold start can take a minute or more, and slowness must not fail a soak.
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(180), cancellationToken);

        void Note(string? line)
        {
            if (line is null)
            {
                return;
            }

            log.WriteLine(line);
            if (line.Contains("Now listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hook runs, leases stay until they expire, as when a machine dies.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _process = null;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AudienceRelay.Soak;

/// <summary>
/// A throwaway PostgreSQL cluster from the installed server binaries (Debian's postgresql package), on a free
/// loopback port, run as the postgres user when the driver is root (initdb refuses root). Removed on dispose.
/// </summary>
internal sealed class PostgresProcess : IDisposable
{
    private readonly string _bin;
    private readonly string _data;
    private readonly string[] _runAs;
    private bool _stopped;

    private PostgresProcess(string bin, string data, string[] runAs, int port)
    {
        _bin = bin;
        _data = data;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Maximum Pool Size=40";

    public static PostgresProcess Start(string folder)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql; install them with: apt-get install postgresql");
        }

        string[] runAs = Environment.UserName == "root" ? ["runuser", "-u", "postgres", "--"] : [];
        var data = Path.Combine(folder, "pg");
        Directory.CreateDirectory(folder);
        if (runAs.Length > 0)
        {
            Run("chown", "postgres", folder);
        }

        var port = FreePort();
        Run([.. runAs, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        Run([.. runAs, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "postgres.log"), "-w",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"]);
        return new PostgresProcess(bin, data, runAs, port);
    }

    /// <summary>Stops the cluster (once; later calls do nothing, so it can be stopped before its folder is removed).</summary>
    public void Dispose()
    {
        if (!_stopped)
        {
            _stopped = true;
            Run([.. _runAs, Path.Combine(_bin, "pg_ctl"), "-D", _data, "-m", "immediate", "-w", "stop"]);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(command[0])} exited with {process.ExitCode}: {error.Result}");
        }
    }
}

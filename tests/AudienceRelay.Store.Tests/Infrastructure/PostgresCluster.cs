using System.Diagnostics;

namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary folder, trusting local connections, tuned for speed
/// over durability (fsync off). PostgreSQL refuses to run as root, so under root the binaries run as
/// the <c>postgres</c> user when there is one, else as <c>nobody</c>, and the folder is theirs.
/// https://www.postgresql.org/docs/current/app-initdb.html
/// </summary>
internal sealed class PostgresCluster
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly string? _runAs;

    private PostgresCluster(string bin, string folder, string? runAs, int port)
    {
        _bin = bin;
        _folder = folder;
        _runAs = runAs;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    public string ConnectionString { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    public static async Task<PostgresCluster> StartAsync(string bin, int port)
    {
        var folder = Directory.CreateTempSubdirectory("audience-pg-").FullName;
        var runAs = Environment.UserName == "root" ? (UserExists("postgres") ? "postgres" : "nobody") : null;
        if (runAs is not null)
        {
            await RunAsync("chown", [runAs, folder], null);
        }

        var cluster = new PostgresCluster(bin, folder, runAs, port);
        await cluster.PgAsync("initdb", ["-D", cluster.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await cluster.PgAsync("pg_ctl", ["-D", cluster.DataFolder, "-l", Path.Combine(folder, "postgres.log"), "-o", options, "-w", "-t", "60", "start"]);
        return cluster;
    }

    public async Task StopAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task PgAsync(string tool, string[] arguments) =>
        _runAs is null
            ? RunAsync(Path.Combine(_bin, tool), arguments, _folder)
            : RunAsync("runuser", ["-u", _runAs, "--", Path.Combine(_bin, tool), .. arguments], _folder);

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    private static async Task RunAsync(string file, string[] arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{await output}{await error}");
        }
    }
}

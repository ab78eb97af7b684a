using System.CommandLine;

namespace AudienceRelay.Soak;

/// <summary>Command-line options of the soak run (all bounded: it always stops by itself).</summary>
internal sealed record SoakOptions
{
    public int Seconds { get; init; } = 150;

    public int KillEvery { get; init; } = 30;

    public double FaultRate { get; init; } = 0.3;

    public int Nodes { get; init; } = 2;

    public int DrainSeconds { get; init; } = 300;

    public int Seed { get; init; }

    /// <summary>Batches posted per second at most; the stream is paced so that what is posted can drain.</summary>
    public double UploadsPerSecond { get; init; } = 2;

    /// <summary>Open deliveries (pending or leased) at one platform the workload lets build up before it posts more.</summary>
    public int MaxOpenDeliveries { get; init; } = 20;

    /// <summary>Deliveries still open after the drain are reported, not a failure (CI: slowness must not fail a run; loss always does).</summary>
    public bool AllowOpen { get; init; }

    /// <summary>The root command: parses and validates every option, then runs <paramref name="run"/>.</summary>
    public static RootCommand Command(Func<SoakOptions, CancellationToken, Task<int>> run)
    {
        var seconds = Whole("--seconds", "How long uploads are posted.", 150, 5, 3600);
        var killEvery = Whole("--kill-every", "Seconds between SIGKILLs of a random node (each is started again).", 30, 2, 3600);
        var nodes = Whole("--nodes", "Server nodes on the one PostgreSQL.", 2, 1, 8);
        var drain = Whole("--drain-seconds", "How long the deliveries may take to drain once uploads stop (each drain).", 300, 10, 3600);
        var seed = Whole("--seed", "Seed of every random choice (default: a new one, printed).", Environment.TickCount & 0x7fffffff, 0, int.MaxValue);
        var maxOpen = Whole("--max-open-deliveries", "Open deliveries at one platform the workload lets build up before it posts more.", 20, 1, 1_000_000);
        var faultRate = Fraction("--fault-rate", "Share of platform calls answered with a fault.", 0.3, 0, 0.9);
        var rate = Fraction("--uploads-per-second", "Batches posted per second at most.", 2, 0.1, 1000);
        var allowOpen = new Option<bool>("--allow-open")
        {
            Description = "Deliveries still open after the drain are reported, not a failure; every delivery that ended is still checked.",
        };
        var command = new RootCommand("Soak with faults: nodes killed with SIGKILL, platforms faulting; exits 1 on any loss.")
        {
            seconds, killEvery, faultRate, nodes, drain, seed, rate, maxOpen, allowOpen,
        };
        command.SetAction((parse, cancellationToken) => run(
            new SoakOptions
            {
                Seconds = parse.GetValue(seconds),
                KillEvery = parse.GetValue(killEvery),
                FaultRate = parse.GetValue(faultRate),
                Nodes = parse.GetValue(nodes),
                DrainSeconds = parse.GetValue(drain),
                Seed = parse.GetValue(seed),
                UploadsPerSecond = parse.GetValue(rate),
                MaxOpenDeliveries = parse.GetValue(maxOpen),
                AllowOpen = parse.GetValue(allowOpen),
            },
            cancellationToken));
        return command;
    }

    /// <summary>The server assembly built beside this one (same configuration).</summary>
    public static string ServerAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Parent!.Name;
        var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "AudienceRelay.Server", "bin", configuration, "net10.0", "AudienceRelay.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first (dotnet build -c " + configuration + ").", dll);
    }

    private static Option<int> Whole(string name, string description, int fallback, int min, int max)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var value && (value < min || value > max))
            {
                result.AddError($"{name}: a whole number from {min} to {max}");
            }
        });
        return option;
    }

    private static Option<double> Fraction(string name, string description, double fallback, double min, double max)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var value && (!double.IsFinite(value) || value < min || value > max))
            {
                result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}: a number from {min} to {max}"));
            }
        });
        return option;
    }
}

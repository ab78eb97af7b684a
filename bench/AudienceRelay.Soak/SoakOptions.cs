namespace AudienceRelay.Soak;

/// <summary>Command-line options of the soak run (all bounded: it always stops by itself).</summary>
internal sealed record SoakOptions(int Seconds, int KillEvery, double FaultRate, int Nodes, int DrainSeconds, int Seed)
{
    public static SoakOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string name, int fallback, int min, int max) =>
            values.TryGetValue(name, out var text) && int.TryParse(text, out var value) && value >= min && value <= max
                ? value
                : values.ContainsKey(name) ? throw new ArgumentException($"--{name}: a whole number from {min} to {max}") : fallback;

        var rate = values.TryGetValue("fault-rate", out var r) ? double.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 0.3;
        return new SoakOptions(
            Int("seconds", 150, 5, 3600),
            Int("kill-every", 30, 2, 3600),
            Math.Clamp(rate, 0, 0.9),
            Int("nodes", 2, 1, 8),
            Int("drain-seconds", 300, 10, 3600),
            Int("seed", Environment.TickCount & 0x7fffffff, 0, int.MaxValue));
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
}

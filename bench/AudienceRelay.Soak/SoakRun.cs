using System.Diagnostics;
using System.Security.Cryptography;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Soak;

/// <summary>
/// One soak run: PostgreSQL, the platforms, the nodes; uploads under faults and SIGKILLs; then, with faults off, a
/// drain, one last complete list per primary audience, a second drain, and the checks.
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(SoakOptions options, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("audience-soak-").FullName;
        var serverDll = SoakOptions.ServerAssembly();
        Console.WriteLine($"soak: {options.Seconds} s of uploads (at most {options.UploadsPerSecond} batches/s, {options.MaxOpenDeliveries} open deliveries at one platform), "
            + $"{options.Nodes} nodes, a SIGKILL every {options.KillEvery} s, {options.FaultRate:P0} of platform calls faulted, seed {options.Seed}");

        using var postgres = PostgresProcess.Start(folder);
        var platforms = new SoakPlatforms();
        await using var emulators = await EmulatorHost.StartAsync("http://127.0.0.1:0", platforms.Emulators, cancellationToken);
        var random = new Random(options.Seed);
        SetFaults(platforms, options.FaultRate, random);

        var settings = new Dictionary<string, string>(platforms.Settings(emulators))
        {
            ["Store:Engine"] = "postgres",
            ["ConnectionStrings:Audience"] = postgres.ConnectionString,
            ["Store:PayloadKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Delivery:RetryBaseDelay"] = "00:00:00.500",
            ["Delivery:MaxRetryDelay"] = "00:00:05",
            ["Delivery:LeaseDuration"] = "00:00:06",
            ["Delivery:PollInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        var nodes = Enumerable.Range(0, options.Nodes)
            .Select(i => new NodeProcess(serverDll, PostgresProcess.FreePort(), settings, Path.Combine(folder, $"node{i}.log")))
            .ToList();
        using var group = new NodeGroup(nodes);
        foreach (var node in nodes)
        {
            await node.StartAsync(cancellationToken);
        }

        await using var db = new SoakDatabase(postgres.ConnectionString);
        var clock = Stopwatch.StartNew();
        void Say(string line) => Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s  {line}");
        using var stop = new CancellationTokenSource();
        var kills = 0;
        var killer = Task.Run(
            async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.KillEvery), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    if (stop.IsCancellationRequested)
                    {
                        break;
                    }

                    var victim = nodes[random.Next(nodes.Count)];
                    victim.Kill();
                    kills++;
                    Say($"SIGKILL {victim.BaseAddress}, starting it again");
                    await StartAgainAsync(victim, Say);
                }
            },
            CancellationToken.None);

        var workload = new Workload(nodes, options, db.MostOpenAtOneInstanceAsync, new Random(random.Next()));
        await workload.RunAsync(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
        await stop.CancelAsync();
        await killer;
        var injected = Injected(platforms);
        SetFaults(platforms, 0, random);
        Say($"uploads stopped: {workload.Batches} batches accepted ({workload.RetriedPosts} posts retried after a kill, held back {workload.HeldBackSeconds} s "
            + "for open deliveries); faults off, draining");

        // Superseded primary sessions may still add members when they end after a newer one (docs/delivery.md): the
        // last complete lists are posted once the earlier ones have drained, so each is what its audience must hold.
        var firstDrain = await db.DrainAsync(TimeSpan.FromSeconds(options.DrainSeconds), cancellationToken);
        Say($"{(firstDrain ? "drained" : "not drained")}; posting the last complete list of each primary audience");
        await workload.FinalListsAsync(cancellationToken);
        var drained = await db.DrainAsync(TimeSpan.FromSeconds(options.DrainSeconds), cancellationToken);
        var facts = await db.ReadFactsAsync(cancellationToken);
        Say($"{(drained ? "drained" : "not drained")}; SIGKILLs: {kills}");

        var verification = new Verification(platforms.All, workload, facts, firstDrain);
        verification.Run();
        var problems = verification.Problems;
        Console.WriteLine("deliveries by state: " + string.Join(", ", facts.States.GroupBy(p => p.Key.State).Select(g => $"{g.Key} {g.Sum(p => p.Value)}")));
        Console.WriteLine("faults injected: " + string.Join(", ", injected.Values.SelectMany(f => f).GroupBy(p => p.Key).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Sum(p => p.Value)}")));
        Console.WriteLine($"{"platform",-9} {"delivered",9} {"open",5} {"throttle",8} {"5xx",5} {"slow",5} {"drop",5} {"own",5} {"extra attempts",14}");
        foreach (var platform in platforms.All)
        {
            var faults = injected[platform.Instance];
            var costly = faults.GetValueOrDefault(FaultKind.ServerError) + faults.GetValueOrDefault(FaultKind.Drop) + faults.GetValueOrDefault(FaultKind.Slow) + platform.Refusals();
            var extra = facts.ExtraAttempts.GetValueOrDefault(platform.Instance);
            var open = facts.Count(platform.Instance, "pending") + facts.Count(platform.Instance, "leased");
            Console.WriteLine($"{platform.Instance,-9} {facts.Count(platform.Instance, "succeeded"),9} {open,5} {faults.GetValueOrDefault(FaultKind.Throttle),8} "
                + $"{faults.GetValueOrDefault(FaultKind.ServerError),5} {faults.GetValueOrDefault(FaultKind.Slow),5} {faults.GetValueOrDefault(FaultKind.Drop),5} {platform.Refusals(),5} {extra,14}");
            if (extra > costly)
            {
                problems.Add($"{platform.Instance}: {extra} attempts beyond the first but only {costly} faults and refusals that may use one: throttles used up attempts");
            }

            if (facts.Count(platform.Instance, "failed") + facts.Count(platform.Instance, "dead") is > 0 and var ended)
            {
                problems.Add($"{platform.Instance}: {ended} deliveries failed or dead");
            }
        }

        verification.Lines.ForEach(Console.WriteLine);
        if (platforms.Webhook.BadSignatures > 0)
        {
            problems.Add($"webhook: {platforms.Webhook.BadSignatures} requests with a bad signature");
        }

        if (!drained)
        {
            var open = facts.Count("pending") + facts.Count("leased");
            if (options.AllowOpen)
            {
                Console.WriteLine($"{open} deliveries still open after the drain (allowed: --allow-open); {verification.Undecided} primary checks not judged");
            }
            else
            {
                problems.Add($"{open} deliveries still open after the drain time");
            }
        }

        group.Dispose();
        postgres.Dispose();
        Console.WriteLine(problems.Count == 0 ? "SOAK PASSED: nothing lost, nothing duplicated" : "SOAK FAILED:\n  " + string.Join("\n  ", problems));
        if (problems.Count == 0)
        {
            Directory.Delete(folder, recursive: true);
        }
        else
        {
            Console.WriteLine($"node logs kept in {folder}");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Starts a killed node again; a start that did not come up in time is killed and tried again (a slow machine is no loss).</summary>
    private static async Task StartAgainAsync(NodeProcess node, Action<string> say)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await node.StartAsync(CancellationToken.None);
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                node.Kill();
                say($"{node.BaseAddress} did not come up in time; starting it again");
            }
        }
    }

    private static void SetFaults(SoakPlatforms platforms, double rate, Random random)
    {
        foreach (var platform in platforms.Emulators)
        {
            platform.Faults.SetChaos(rate,
            [
                new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 1 },
                new Fault { Kind = FaultKind.ServerError, StatusCode = 503 },
                new Fault { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(2) },
                new Fault { Kind = FaultKind.Drop },
            ], new Random(random.Next()));
        }
    }

    private static Dictionary<string, IReadOnlyDictionary<FaultKind, int>> Injected(SoakPlatforms platforms) =>
        platforms.All.ToDictionary(p => p.Instance, p => p.Emulator.Faults.Injected, StringComparer.Ordinal);
}

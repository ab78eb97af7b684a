using System.Diagnostics;
using System.Security.Cryptography;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Emulators.TikTok;
using AudienceRelay.Soak;
using Npgsql;

// Soak with faults: several nodes on one real PostgreSQL, the platform emulators answering a share of calls with
// throttles, server errors, slow answers and dropped connections, a steady stream of custom and primary uploads,
// and a node killed with SIGKILL (then started again) every few seconds. At the end, from the emulators' own state:
// every accepted user at every platform, no duplicated audience, primary audiences holding exactly their newest
// complete list, and no delivery that failed or used up attempts on throttles. Exits 1 on any loss.
//
//   dotnet run -c Release --project bench/AudienceRelay.Soak -- [--seconds 150] [--kill-every 30] [--fault-rate 0.3] [--nodes 2]
var options = SoakOptions.Parse(args);
var folder = Directory.CreateTempSubdirectory("audience-soak-").FullName;
var serverDll = SoakOptions.ServerAssembly();
Console.WriteLine($"soak: {options.Seconds} s of uploads, {options.Nodes} nodes, a SIGKILL every {options.KillEvery} s, {options.FaultRate:P0} of platform calls faulted");

using var postgres = PostgresProcess.Start(folder);
var meta = new MetaEmulator(new MetaEmulatorOptions { RegisterSandboxAccount = true });
var tiktok = new TikTokEmulator();
var klaviyo = new KlaviyoEmulator();
IPlatformEmulator[] platforms = [meta, tiktok, klaviyo];
await using var emulators = await EmulatorHost.StartAsync("http://127.0.0.1:0", platforms);
var random = new Random(options.Seed);
foreach (var platform in platforms)
{
    platform.Faults.SetChaos(options.FaultRate,
    [
        new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 1 },
        new Fault { Kind = FaultKind.ServerError, StatusCode = 503 },
        new Fault { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(2) },
        new Fault { Kind = FaultKind.Drop },
    ], new Random(random.Next()));
}

var settings = new Dictionary<string, string>
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
    ["Providers:meta:Type"] = "facebook",
    ["Providers:meta:AccessToken"] = MetaEmulator.SandboxAccessToken,
    ["Providers:meta:AdAccountId"] = MetaEmulator.SandboxAdAccountId,
    ["Providers:meta:BaseUrl"] = emulators.UrlFor("meta").ToString(),
    ["Providers:tiktok:Type"] = "tiktok",
    ["Providers:tiktok:AccessToken"] = tiktok.Options.SandboxAccessToken,
    ["Providers:tiktok:AdvertiserId"] = tiktok.Options.SandboxAdvertiserId,
    ["Providers:tiktok:BaseUrl"] = emulators.UrlFor("tiktok").ToString(),
    ["Providers:klaviyo:Type"] = "klaviyo",
    ["Providers:klaviyo:ApiKey"] = klaviyo.Options.SandboxApiKey,
    ["Providers:klaviyo:BaseUrl"] = emulators.UrlFor("klaviyo").ToString(),
};
var nodes = Enumerable.Range(0, options.Nodes)
    .Select(i => new NodeProcess(serverDll, PostgresProcess.FreePort(), settings, Path.Combine(folder, $"node{i}.log")))
    .ToList();
foreach (var node in nodes)
{
    await node.StartAsync(CancellationToken.None);
}

var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource();
var kills = 0;
var killer = Task.Run(async () =>
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
        Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s  SIGKILL {victim.BaseAddress}, starting it again");
        await victim.StartAsync(CancellationToken.None);
    }
});

var workload = new Workload(nodes, new Random(random.Next()));
await workload.RunAsync(TimeSpan.FromSeconds(options.Seconds), CancellationToken.None);
await stop.CancelAsync();
await killer;
Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s  uploads stopped: {workload.Batches} batches accepted ({workload.RetriedPosts} posts retried after a kill); faults off, draining");
foreach (var platform in platforms)
{
    platform.Faults.SetChaos(0, [], Random.Shared);
}

await using var db = NpgsqlDataSource.Create(postgres.ConnectionString);
var drained = await DrainAsync(db, TimeSpan.FromSeconds(options.DrainSeconds));
var states = await CountAsync(db, "SELECT state, count(*) FROM deliveries GROUP BY state");
var extraAttempts = await ScalarAsync(db, "SELECT COALESCE(sum(attempts - 1), 0) FROM deliveries WHERE attempts > 1");
var injected = platforms.SelectMany(p => p.Faults.Injected).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
var failing = injected.GetValueOrDefault(FaultKind.ServerError) + injected.GetValueOrDefault(FaultKind.Drop) + injected.GetValueOrDefault(FaultKind.Slow);

var verification = new Verification(meta, tiktok, klaviyo, workload);
verification.Run();
Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s  drained: {drained}; SIGKILLs: {kills}");
Console.WriteLine("deliveries by state: " + string.Join(", ", states.Select(p => $"{p.Key} {p.Value}")));
Console.WriteLine("faults injected: " + string.Join(", ", injected.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
Console.WriteLine($"attempts beyond the first: {extraAttempts} (at most {failing} non-throttle faults could cause them)");
verification.Lines.ForEach(Console.WriteLine);

var problems = verification.Problems;
if (!drained)
{
    problems.Add("deliveries still open after the drain time");
}

if (states.GetValueOrDefault("failed") + states.GetValueOrDefault("dead") > 0)
{
    problems.Add($"{states.GetValueOrDefault("failed")} failed and {states.GetValueOrDefault("dead")} dead deliveries");
}

if (extraAttempts > failing)
{
    problems.Add($"{extraAttempts} extra attempts but only {failing} faults that may use one: throttles used up attempts");
}

foreach (var node in nodes)
{
    node.Dispose();
}

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

static async Task<bool> DrainAsync(NpgsqlDataSource db, TimeSpan limit)
{
    var end = Stopwatch.StartNew();
    while (end.Elapsed < limit)
    {
        if (await ScalarAsync(db, "SELECT count(*) FROM deliveries WHERE state IN ('pending', 'leased')") == 0)
        {
            return true;
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    return false;
}

static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
{
    await using var command = db.CreateCommand(sql);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
}

static async Task<Dictionary<string, long>> CountAsync(NpgsqlDataSource db, string sql)
{
    await using var command = db.CreateCommand(sql);
    await using var reader = await command.ExecuteReaderAsync();
    var counts = new Dictionary<string, long>();
    while (await reader.ReadAsync())
    {
        counts[reader.GetString(0)] = reader.GetInt64(1);
    }

    return counts;
}

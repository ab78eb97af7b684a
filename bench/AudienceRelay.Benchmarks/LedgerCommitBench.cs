using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AudienceRelay.Core.Contract;
using AudienceRelay.Store;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// The commit of a primary session whose read of who left returned <c>removed</c> keys: the write the
/// store holds its lock for. Each round uses a fresh audience: a first session records <c>removed + kept</c>
/// keys and becomes the baseline, a second one holds only the kept keys, and the second one's commit (which
/// drops the removed keys and the baseline's held ones) is timed. Not BenchmarkDotNet: the commit changes the
/// ledger, so every measured operation needs a fresh seed larger than the operation itself.
/// <c>dotnet run -c Release --project bench/AudienceRelay.Benchmarks -- --ledger sqlite|postgres &lt;removed&gt; &lt;rounds&gt;</c>;
/// PostgreSQL reads AUDIENCE_BENCH_POSTGRES (bench/scripts/ledger.sh sets it).
/// </summary>
internal static class LedgerCommitBench
{
    private const int Kept = 1_000;
    private const string Instance = "tiktok";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);

    public static int Run(string engine, int removed, int rounds) => RunAsync(engine, removed, rounds).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string engine, int removed, int rounds)
    {
        var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32));
        string? folder = null;
        IAudienceStore store;
        if (engine == "sqlite")
        {
            folder = Directory.CreateTempSubdirectory("audience-ledger-bench-").FullName;
            store = new SqliteAudienceStore($"Data Source={Path.Combine(folder, "audience.db")}", protector);
        }
        else
        {
            var connectionString = Environment.GetEnvironmentVariable("AUDIENCE_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("Set AUDIENCE_BENCH_POSTGRES to an empty PostgreSQL database (bench/scripts/ledger.sh does).");
            await using (var raw = new NpgsqlConnection(connectionString))
            {
                await raw.OpenAsync();
                await using var drop = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", raw);
                await drop.ExecuteNonQueryAsync();
            }

            store = new PostgresAudienceStore(connectionString, protector);
        }

        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var times = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                times.Add(await RoundAsync(store, round, removed));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine} round {round}: commit removing {removed:N0} keys (keeping {Kept:N0}) took {times[^1]:F1} ms"));
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{engine}: {removed:N0} removed keys, {rounds} rounds: median {times[times.Count / 2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms"));
            return 0;
        }
        finally
        {
            (store as IDisposable)?.Dispose();
            SqliteConnection.ClearAllPools();
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<double> RoundAsync(IAudienceStore store, int round, int removed)
    {
        var audience = $"blotout_ledger_{round}";
        var first = round * 10L;
        var second = first + 1;
        var kept = Keys(round, 0, Kept);
        var gone = Keys(round, Kept, removed);
        await AcceptAsync(store, first, audience);
        await store.RecordPrimaryMembersAsync(Instance, audience, first, [.. kept, .. gone], CancellationToken.None);
        await store.CommitPrimarySessionAsync(Instance, audience, first, [], CancellationToken.None);

        await AcceptAsync(store, second, audience);
        await store.RecordPrimaryMembersAsync(Instance, audience, second, kept, CancellationToken.None);
        var left = await store.ListPrimaryMembersLeftAsync(Instance, audience, second, CancellationToken.None);
        if (left.Count != removed)
        {
            throw new InvalidOperationException($"the read of who left returned {left.Count} keys, expected {removed}");
        }

        var clock = Stopwatch.StartNew();
        await store.CommitPrimarySessionAsync(Instance, audience, second, left, CancellationToken.None);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var after = await store.ListPrimaryMembersLeftAsync(Instance, audience, second, CancellationToken.None);
        return after.Count == 0 ? elapsed : throw new InvalidOperationException($"{after.Count} keys still listed as left after the commit");
    }

    private static Task AcceptAsync(IAudienceStore store, long sessionId, string audience) =>
        store.AcceptBatchAsync(new NewBatch
        {
            Name = audience,
            AudienceName = audience,
            Type = AudienceType.Primary,
            DisablePrefix = true,
            Batch = new BatchInfo(sessionId, 1, 1, 1, null),
            ContentHash = $"ledger-{sessionId}",
            UserCount = 1,
            SkippedCount = 0,
            SkippedReasons = new Dictionary<string, int>(),
            Payload = """[{"email":"bench@example.com"}]"""u8.ToArray(),
            Instances = [Instance],
            Now = Now.AddSeconds(sessionId),
        }, CancellationToken.None);

    private static List<(string IdType, string Hash)> Keys(int round, int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => ("EMAIL_SHA256", Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(((long)round << 32) | (uint)i)))))];
}

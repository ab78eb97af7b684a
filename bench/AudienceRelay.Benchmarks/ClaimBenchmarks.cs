using System.Data.Common;
using System.Security.Cryptography;
using AudienceRelay.Core.Contract;
using AudienceRelay.Store;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// One claim of the 10 due deliveries of an instance whose table also holds 1,000,000 finished ones (issue 11:
/// the claim's cost must follow open work, not history). The lease is zero long, so the same 10 deliveries are
/// due again at the next claim and every operation does the same work. PostgreSQL runs when
/// AUDIENCE_BENCH_POSTGRES holds a connection string to an empty database (bench/scripts/claim.sh makes one).
/// </summary>
[MemoryDiagnoser]
public class ClaimBenchmarks
{
    private const int Finished = 1_000_000;
    private const int DueCount = 10;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    private IAudienceStore _store = null!;
    private string? _folder;

    [Params("sqlite", "postgres")]
    public string Engine { get; set; } = "sqlite";

    /// <summary>True: the instance needs order (one per session, Meta); false: not gated (webhook).</summary>
    [Params(false, true)]
    public bool Ordered { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Benchmark]
    public async Task<int> Claim()
    {
        var leases = await _store.ClaimAsync(new ClaimRequest("meta", DueCount, "bench", TimeSpan.Zero, Ordered, Now), CancellationToken.None);
        return leases.Count == DueCount ? leases.Count : throw new InvalidOperationException($"claimed {leases.Count}, expected {DueCount}");
    }

    private async Task SetupAsync()
    {
        var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32));
        DbConnection raw;
        if (Engine == "sqlite")
        {
            _folder = Directory.CreateTempSubdirectory("audience-claim-bench-").FullName;
            var connectionString = $"Data Source={Path.Combine(_folder, "audience.db")}";
            _store = new SqliteAudienceStore(connectionString, protector);
            raw = new SqliteConnection(connectionString);
        }
        else
        {
            var connectionString = Environment.GetEnvironmentVariable("AUDIENCE_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("Set AUDIENCE_BENCH_POSTGRES to an empty PostgreSQL database (bench/scripts/claim.sh does).");
            raw = new NpgsqlConnection(connectionString);
            await using (raw)
            {
                await raw.OpenAsync();
                await ExecuteAsync(raw, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
            }

            _store = new PostgresAudienceStore(connectionString, protector);
            raw = new NpgsqlConnection(connectionString);
        }

        await _store.MigrateAsync(CancellationToken.None);
        await using (raw)
        {
            await raw.OpenAsync();
            await ExecuteAsync(raw, Engine == "sqlite" ? SqliteHistory : PostgresHistory);
            if (Engine != "sqlite")
            {
                // VACUUM refuses to run inside the implicit transaction of a multi-statement command.
                await ExecuteAsync(raw, "VACUUM ANALYZE");
            }
        }

        // The open work: 10 sessions of 1 batch each, accepted the way the server accepts them.
        for (var session = 1; session <= DueCount; session++)
        {
            await _store.AcceptBatchAsync(new NewBatch
            {
                Name = "due",
                AudienceName = "blotout_due",
                Type = AudienceType.Custom,
                DisablePrefix = false,
                Batch = new BatchInfo(1_000_000 + session, 1, 1, 1, null),
                ContentHash = $"due-{session}",
                UserCount = 1,
                SkippedCount = 0,
                SkippedReasons = new Dictionary<string, int>(),
                Payload = """[{"email":"bench@example.com"}]"""u8.ToArray(),
                Instances = ["meta"],
                Now = Now.AddMinutes(-1),
            }, CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    // History: 10,000 finished sessions of 100 batches, each batch delivered (succeeded) to meta.
    private static readonly string SqliteHistory = $"""
        BEGIN;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Finished / 100})
        INSERT INTO sessions (session_id, name, audience_name, type, disable_prefix, total_batches, total_users, batches_seen, sequence_base, created_at, updated_at, arrival)
        SELECT i, 'old', 'blotout_old', 'custom', 0, 100, 100, 100, 1, 0, 0, i FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Finished})
        INSERT INTO batches (batch_id, session_id, sequence, content_hash, user_count, skipped_count, skipped_reasons, instances, created_at, purged_at)
        SELECT i, (i - 1) / 100 + 1, (i - 1) % 100 + 1, 'h', 1, 0, '[]', 'meta', 0, 1 FROM n;
        INSERT INTO deliveries (batch_id, session_id, instance, state, attempts, next_attempt_at, created_at, updated_at, finished_at)
        SELECT batch_id, session_id, 'meta', 'succeeded', 1, 0, 0, 1, 1 FROM batches;
        COMMIT;
        ANALYZE;
        """;

    private static readonly string PostgresHistory = $"""
        INSERT INTO sessions (session_id, name, audience_name, type, disable_prefix, total_batches, total_users, batches_seen, sequence_base, created_at, updated_at)
        SELECT i, 'old', 'blotout_old', 'custom', false, 100, 100, 100, 1, 0, 0 FROM generate_series(1, {Finished / 100}) AS i;
        INSERT INTO batches (batch_id, session_id, sequence, content_hash, user_count, skipped_count, skipped_reasons, instances, created_at, purged_at)
        SELECT i, (i - 1) / 100 + 1, (i - 1) % 100 + 1, 'h', 1, 0, '[]', ARRAY['meta'], 0, 1 FROM generate_series(1, {Finished}) AS i;
        SELECT setval(pg_get_serial_sequence('batches', 'batch_id'), {Finished});
        INSERT INTO deliveries (batch_id, session_id, instance, state, attempts, next_attempt_at, created_at, updated_at, finished_at)
        SELECT batch_id, session_id, 'meta', 'succeeded', 1, 0, 0, 1, 1 FROM batches;
        """;
}

using System.Security.Cryptography;
using AudienceRelay.Store.Operations;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using AudienceRelay.Store.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Tests.Sqlite;

/// <summary>
/// The reads and writes whose cost must not grow with the kept history or the audience: SQLite's own query plans
/// (EXPLAIN QUERY PLAN, on a store holding 20,000 finished deliveries) must reach deliveries and the ledger through
/// index searches, never a scan of the table or of a whole index.
/// </summary>
public sealed class SqliteQueryPlanTests : IDisposable
{
    private const int Finished = 20_000;
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    private readonly string _folder = Directory.CreateTempSubdirectory("audience-sqlite-plan-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "audience.db")}";

    [Fact]
    public async Task Queue_reads_search_open_work_and_a_recent_window_not_the_history()
    {
        var store = new SqliteAudienceStore(ConnectionString, new PayloadProtector(RandomNumberGenerator.GetBytes(32)));
        await store.MigrateAsync(CancellationToken.None);
        await ExecuteAsync(History);
        await store.AcceptBatchAsync(TestBatches.Create(1_000_001, 1, T0, totalBatches: 1, instances: ["meta", "tiktok"]), CancellationToken.None);

        var open = await PlanAsync(OperationsSql.OpenQueues);
        var recent = await PlanAsync(OperationsSql.RecentOutcomes, ("@since", T0.ToUnixTimeMilliseconds()));

        Assert.All(open.Concat(recent), line => Assert.DoesNotContain("SCAN d", line, StringComparison.Ordinal));
        Assert.Equal(3, open.Count(line => line.Contains("SEARCH d USING COVERING INDEX deliveries_due (instance=? AND state=?)", StringComparison.Ordinal)));
        Assert.Contains(recent, line => line.Contains("SEARCH deliveries USING INDEX deliveries_finished (finished_at>?)", StringComparison.Ordinal));

        // The figures themselves: the open batch per instance, nothing of the history in the last minute.
        var queues = await store.ReadQueuesAsync(T0.AddMinutes(1), T0, CancellationToken.None);
        Assert.Equal(["meta", "tiktok"], queues.Select(q => q.Instance));
        Assert.All(queues, q => Assert.Equal((1L, 0L, 0L, 0L), (q.ByState["pending"], q.ByState["leased"], q.SucceededRecently, q.FailedRecently)));
        Assert.Equal(2, queues[0].ByState.Count);
    }

    [Fact]
    public async Task The_ledger_commit_finds_each_removed_key_through_the_primary_key()
    {
        var store = new SqliteAudienceStore(ConnectionString, new PayloadProtector(RandomNumberGenerator.GetBytes(32)));
        await store.MigrateAsync(CancellationToken.None);

        var plan = await PlanAsync(LedgerSql.DeleteReplacedKeysJson, ("@i", "tiktok"), ("@n", "blotout_all"), ("@s", 2L), ("@k", """[["EMAIL_SHA256","ab"]]"""));

        Assert.Equal("SEARCH primary_members USING PRIMARY KEY (instance=? AND audience_name=? AND session_id=? AND id_type=? AND hash=?)", plan[0]);
        Assert.DoesNotContain(plan, line => line.Contains("SCAN primary_members", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<List<string>> PlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // History: sessions of 100 batches, each batch delivered to meta and ended long before T0.
    private static readonly string History = $"""
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
        """;
}

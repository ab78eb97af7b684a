using AudienceRelay.Store.Operations;
using AudienceRelay.Store.Tests.Infrastructure;
using Npgsql;

namespace AudienceRelay.Store.Tests.Postgres;

/// <summary>
/// The queue reads on PostgreSQL: with 20,000 finished deliveries kept and analyzed, EXPLAIN must show index
/// scans of deliveries, never a sequential scan, so the read follows open work and the recent window, not the history.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresQueryPlanTests(PostgresServer server) : PostgresTestBase(server)
{
    private const int Finished = 20_000;

    [PostgresFact]
    public async Task Queue_reads_use_the_indexes_not_a_scan_of_the_history()
    {
        var store = await NodeAsync();
        await ExecuteAsync(History);
        await store.AcceptBatchAsync(TestBatches.Create(1_000_001, 1, T0, totalBatches: 1, instances: ["meta", "tiktok"]), None);
        await ExecuteAsync("ANALYZE deliveries");

        var open = await PlanAsync(OperationsSql.OpenQueues);
        var recent = await PlanAsync(OperationsSql.RecentOutcomes, T0.ToUnixTimeMilliseconds());

        Assert.All(open.Concat(recent), line => Assert.DoesNotContain("Seq Scan on deliveries", line, StringComparison.Ordinal));
        // The instances' skip and the three per-instance figures are index ranges: over (instance, state), or over the
        // partial index of open deliveries, which PostgreSQL prefers for the open states.
        var plan = string.Join("\n", open) + "\n" + string.Join("\n", recent);
        Assert.True(open.Count(line => line.Contains("Scan using deliveries_due on deliveries", StringComparison.Ordinal) || line.Contains("Scan using deliveries_open_due on deliveries", StringComparison.Ordinal)) >= 4, plan);
        Assert.True(recent.Any(line => line.Contains("deliveries_finished", StringComparison.Ordinal)), plan);

        var queues = await store.ReadQueuesAsync(T0.AddMinutes(1), T0, None);
        Assert.Equal(["meta", "tiktok"], queues.Select(q => q.Instance));
        Assert.All(queues, q => Assert.Equal((1L, 0L, 0L, 0L), (q.ByState["pending"], q.ByState["leased"], q.SucceededRecently, q.FailedRecently)));
    }

    private async Task<List<string>> PlanAsync(string sql, long? since = null)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(ConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        if (since is { } value)
        {
            command.Parameters.AddWithValue("since", value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(ConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // History: sessions of 100 batches, each batch delivered to meta and ended long before T0.
    private static readonly string History = $"""
        INSERT INTO sessions (session_id, name, audience_name, type, disable_prefix, total_batches, total_users, batches_seen, sequence_base, created_at, updated_at)
        SELECT i, 'old', 'blotout_old', 'custom', false, 100, 100, 100, 1, 0, 0 FROM generate_series(1, {Finished / 100}) AS i;
        INSERT INTO batches (batch_id, session_id, sequence, content_hash, user_count, skipped_count, skipped_reasons, instances, created_at, purged_at)
        SELECT i, (i - 1) / 100 + 1, (i - 1) % 100 + 1, 'h', 1, 0, '[]', ARRAY['meta'], 0, 1 FROM generate_series(1, {Finished}) AS i;
        SELECT setval(pg_get_serial_sequence('batches', 'batch_id'), {Finished});
        INSERT INTO deliveries (batch_id, session_id, instance, state, attempts, next_attempt_at, created_at, updated_at, finished_at)
        SELECT batch_id, session_id, 'meta', 'succeeded', 1, 0, 0, 1, 1 FROM batches;
        """;
}

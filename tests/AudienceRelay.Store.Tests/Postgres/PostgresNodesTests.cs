using System.Collections.Concurrent;
using AudienceRelay.Store.Migrations;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Tests.Infrastructure;
using Npgsql;

namespace AudienceRelay.Store.Tests.Postgres;

/// <summary>Several nodes on one PostgreSQL store, each a store instance of its own, working at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNodesTests(PostgresServer server) : PostgresTestBase(server)
{
    private static readonly string[] Instances = ["meta", "tiktok"];

    [PostgresFact]
    public async Task Nodes_migrating_at_once_apply_each_migration_once()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => NewStore()).ToList();

        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync(None))));

        Assert.Equal(MigrationScript.Load("Postgres").Count, await ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(2L, await ScalarAsync<long>("SELECT COUNT(DISTINCT version) FROM schema_migrations WHERE version IN (1, 2)"));
        Assert.All(await Task.WhenAll(nodes.Select(n => n.PingAsync(None))), Assert.True);
    }

    [PostgresFact]
    public async Task Two_nodes_claiming_at_once_never_lease_one_delivery_twice()
    {
        PostgresAudienceStore[] nodes = [await NodeAsync(), await NodeAsync()];
        const int Batches = 60;
        for (var i = 0; i < Batches; i++)
        {
            await nodes[i % 2].AcceptBatchAsync(TestBatches.Create(100 + i, 0, T0, instances: Instances), None);
        }

        var leased = new ConcurrentDictionary<long, int>();
        var completed = 0;
        using var timeout = new CancellationTokenSource(Patience);
        var workers = from node in nodes
                      from instance in Instances
                      from worker in Enumerable.Range(0, 2)
                      select Task.Run(async () =>
                      {
                          while (Volatile.Read(ref completed) < Batches * 2)
                          {
                              var leases = await node.ClaimAsync(new ClaimRequest(instance, 3, $"{node.GetHashCode()}/{worker}", TimeSpan.FromMinutes(10), false, T0), timeout.Token);
                              foreach (var lease in leases)
                              {
                                  leased.AddOrUpdate(lease.DeliveryId, 1, (_, n) => n + 1);
                                  Assert.True(await node.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(), timeout.Token));
                                  Interlocked.Increment(ref completed);
                              }

                              await Task.Yield();
                          }
                      });

        await Task.WhenAll(workers);

        Assert.Equal(Batches * 2, leased.Count);
        Assert.All(leased.Values, n => Assert.Equal(1, n));
        var counts = await nodes[0].CountByStateAsync(None);
        Assert.All(counts, c => Assert.Equal(DeliveryStates.Succeeded, c.State));
        Assert.Equal(Batches * 2, counts.Sum(c => c.Count));
    }

    [PostgresFact]
    public async Task Two_nodes_never_hold_two_deliveries_of_one_session_at_once()
    {
        PostgresAudienceStore[] nodes = [await NodeAsync(), await NodeAsync()];
        const int Sessions = 6;
        const int PerSession = 5;
        for (var sequence = 0; sequence < PerSession; sequence++)
        {
            for (var session = 0; session < Sessions; session++)
            {
                await nodes[session % 2].AcceptBatchAsync(TestBatches.Create(200 + session, sequence, T0, totalBatches: PerSession), None);
            }
        }

        var held = new ConcurrentDictionary<long, long>();
        var order = new ConcurrentDictionary<long, ConcurrentQueue<long>>();
        var completed = 0;
        using var timeout = new CancellationTokenSource(Patience);
        var workers = from node in nodes
                      from worker in Enumerable.Range(0, 3)
                      select Task.Run(async () =>
                      {
                          while (Volatile.Read(ref completed) < Sessions * PerSession)
                          {
                              var leases = await node.ClaimAsync(new ClaimRequest("meta", 2, $"{node.GetHashCode()}/{worker}", TimeSpan.FromMinutes(10), true, T0), timeout.Token);
                              foreach (var lease in leases)
                              {
                                  Assert.True(held.TryAdd(lease.Batch.SessionId, lease.DeliveryId), $"Session {lease.Batch.SessionId} had two deliveries leased at once.");
                                  order.GetOrAdd(lease.Batch.SessionId, _ => new()).Enqueue(lease.Batch.Sequence);
                                  // Let go in our books before the store does: nobody can lease the next
                                  // one until the completion commits.
                                  Assert.True(held.TryRemove(lease.Batch.SessionId, out _));
                                  Assert.True(await node.CompleteAsync(lease.DeliveryId, lease.LeaseToken, Succeeded(), timeout.Token));
                                  Interlocked.Increment(ref completed);
                              }

                              await Task.Yield();
                          }
                      });

        await Task.WhenAll(workers);

        Assert.Equal(Sessions, order.Count);
        Assert.All(order.Values, sequences => Assert.Equal([0L, 1L, 2L, 3L, 4L], sequences));
    }

    [PostgresFact]
    public async Task A_session_another_node_is_claiming_is_skipped_not_waited_for()
    {
        var node = await NodeAsync();
        await node.AcceptBatchAsync(TestBatches.Create(600, 0, T0), None);
        await node.AcceptBatchAsync(TestBatches.Create(601, 0, T0), None);

        // Stand in for another node in the middle of claiming session 600 (the lock its claim takes).
        await using var other = new NpgsqlConnection(PostgresServer.Unpooled(ConnectionString));
        await other.OpenAsync();
        await using var otherClaim = await other.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('audience_relay.claim:meta:600', 0))", other))
        {
            await command.ExecuteNonQueryAsync();
        }

        var claim = new ClaimRequest("meta", 10, "a", TimeSpan.FromMinutes(1), true, T0);
        var leases = await node.ClaimAsync(claim, None).WaitAsync(Patience);
        Assert.Equal(601, Assert.Single(leases).Batch.SessionId);

        await otherClaim.CommitAsync();
        Assert.Equal(600, Assert.Single(await node.ClaimAsync(claim, None)).Batch.SessionId);
    }

    [PostgresFact]
    public async Task Batches_of_one_session_accepted_on_two_nodes_at_once_are_all_counted()
    {
        PostgresAudienceStore[] nodes = [await NodeAsync(), await NodeAsync()];

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(sequence =>
            Task.Run(() => nodes[sequence % 2].AcceptBatchAsync(TestBatches.Create(300, sequence, T0, totalBatches: 12), None))));
        var twice = await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(session => nodes.Select(node =>
            Task.Run(() => node.AcceptBatchAsync(TestBatches.Create(400 + session, 0, T0), None)))));

        Assert.All(outcomes, o => Assert.IsType<AcceptOutcome.Stored>(o));
        var session = await nodes[0].GetSessionAsync(300, None);
        Assert.Equal((12, true, 0), (session!.BatchesReceived, session.Complete, session.SequenceBase));
        Assert.Equal(10, twice.OfType<AcceptOutcome.Stored>().Count());
        Assert.Equal(10, twice.OfType<AcceptOutcome.Duplicate>().Count());
    }

    [PostgresFact]
    public async Task Deliveries_of_one_batch_ending_on_two_nodes_at_once_purge_its_payload()
    {
        PostgresAudienceStore[] nodes = [await NodeAsync(), await NodeAsync()];
        for (var i = 0; i < 20; i++)
        {
            await nodes[0].AcceptBatchAsync(TestBatches.Create(500 + i, 0, T0, instances: ["meta", "tiktok"]), None);
        }

        var meta = await nodes[0].ClaimAsync(new ClaimRequest("meta", 20, "a", TimeSpan.FromMinutes(10), false, T0), None);
        var tiktok = await nodes[1].ClaimAsync(new ClaimRequest("tiktok", 20, "b", TimeSpan.FromMinutes(10), false, T0), None);

        var done = await Task.WhenAll(meta.Zip(tiktok).SelectMany(pair => new[]
        {
            Task.Run(() => nodes[0].CompleteAsync(pair.First.DeliveryId, pair.First.LeaseToken, Succeeded(), None)),
            Task.Run(() => nodes[1].CompleteAsync(pair.Second.DeliveryId, pair.Second.LeaseToken, Succeeded(), None)),
        }));

        Assert.Equal(40, done.Count(d => d));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT COUNT(*) FROM batches WHERE payload IS NOT NULL OR purged_at IS NULL"));
    }

    [PostgresFact]
    public async Task An_audience_lock_held_on_one_node_holds_off_the_others()
    {
        PostgresAudienceStore[] nodes = [await NodeAsync(), await NodeAsync()];
        var held = await nodes[0].LockAudienceAsync("meta", "blotout_shared", None);

        var waiting = nodes[1].LockAudienceAsync("meta", "blotout_shared", None);
        await UntilAsync("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))", "the second node waits for the lock");

        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await (await waiting.WaitAsync(Patience)).DisposeAsync();

        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var lease = await nodes[i % 2].LockAudienceAsync("meta", "blotout_shared", None);
            var now = Interlocked.Increment(ref inside);
            lock (nodes)
            {
                most = Math.Max(most, now);
            }

            await nodes[(i + 1) % 2].FindAudienceAsync("meta", "blotout_shared", None);
            Interlocked.Decrement(ref inside);
        })));
        Assert.Equal(1, most);
    }

    private static DeliveryResult Succeeded() => new() { State = DeliveryState.Succeeded, Attempts = 1, Now = T0 };
}

using System.Security.Cryptography;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Tests.Infrastructure;
using Npgsql;

namespace AudienceRelay.Server.Tests.Scaling;

/// <summary>
/// The database a test's nodes share (a fresh schema), the settings every node of it gets, and a view
/// of its queue for assertions. Waits on the store's own "a delivery ended" notification, not on sleeps.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly PostgresNotifications _listener;

    private ClusterDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _listener = new PostgresNotifications(connectionString, TimeProvider.System);
    }

    public string ConnectionString { get; }

    /// <summary>One key for every node: each must read the payloads the others accepted.</summary>
    public string PayloadKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static async Task<ClusterDatabase> CreateAsync(PostgresServer server, Type testClass)
    {
        var database = new ClusterDatabase(await server.CreateSchemaAsync(testClass));
        await database._listener.StartAsync(CancellationToken.None);
        return database;
    }

    /// <summary>What every node of the cluster is configured with, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> NodeSettings(IDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Store:Engine"] = "postgres",
            ["ConnectionStrings:Audience"] = ConnectionString,
            ["Store:PayloadKey"] = PayloadKey,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(ConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The webhook idempotency keys (<c>session-sequence-1</c>) of the deliveries of <paramref name="instance"/> that the process <paramref name="processId"/> holds a lease on.</summary>
    public async Task<IReadOnlySet<string>> LeasedKeysAsync(string instance, int processId)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(ConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT d.session_id, b.sequence FROM deliveries d JOIN batches b ON b.batch_id = d.batch_id
            WHERE d.instance = @instance AND d.state = 'leased' AND d.lease_owner LIKE @owner
            """,
            connection);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("owner", $"%/{processId}/%");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add($"{reader.GetInt64(0)}-{reader.GetInt64(1)}-1");
        }

        return keys;
    }

    /// <summary>Waits until <paramref name="expected"/> deliveries exist and none is pending or leased.</summary>
    public async Task UntilAllDeliveriesEndedAsync(long expected, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = _listener.NextAsync(PostgresNotifications.FinishedChannel);
            var (total, open) = (await ScalarAsync<long>("SELECT count(*) FROM deliveries"), await ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE state IN ('pending', 'leased')"));
            if (total >= expected && open == 0)
            {
                return;
            }

            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out with {open} of {total} deliveries still open (expected {expected}).");
            }
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}

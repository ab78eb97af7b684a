using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server per test run (an xunit collection fixture): the one in AUDIENCE_TEST_POSTGRES,
/// or a throwaway cluster started on first use and stopped at the end. Each test class gets a database
/// of its own, and each test a schema of its own in it (a fresh, empty store every time).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly ConcurrentDictionary<Type, Lazy<Task<string>>> _databases = new();
    private readonly List<string> _created = [];
    private string? _adminConnectionString;
    private PostgresCluster? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>A new, empty schema in the database of <paramref name="testClass"/>; the connection string points at it.</summary>
    public async Task<string> CreateSchemaAsync(Type testClass)
    {
        ArgumentNullException.ThrowIfNull(testClass);
        var database = await _databases.GetOrAdd(testClass, t => new Lazy<Task<string>>(() => CreateDatabaseAsync(t.Name))).Value;
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(database) { SearchPath = schema, Pooling = true }.ConnectionString;
    }

    /// <summary>The same database without pooling, for a test's own short-lived connections.</summary>
    public static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
        else if (_adminConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var database in _created)
            {
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        _startGate.Dispose();
    }

    private async Task<string> CreateDatabaseAsync(string hint)
    {
        var admin = await AdminAsync();
        var slug = new string([.. hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30)]);
        var name = $"audience_{slug}_{Guid.NewGuid().ToString("N")[..8]}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        lock (_created)
        {
            _created.Add(name);
        }

        // Test helpers open their own connections outside the pool; the stores pool theirs.
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    private async Task<string> AdminAsync()
    {
        await _startGate.WaitAsync();
        try
        {
            if (_adminConnectionString is null)
            {
                if (PostgresAvailability.ConnectionString is { } given)
                {
                    _adminConnectionString = new NpgsqlConnectionStringBuilder(given) { Pooling = false }.ConnectionString;
                }
                else if (PostgresAvailability.BinDirectory is { } bin)
                {
                    _cluster = await PostgresCluster.StartAsync(bin, FreePort());
                    _adminConnectionString = _cluster.ConnectionString;
                }
                else
                {
                    throw new InvalidOperationException(PostgresAvailability.HowToEnable);
                }
            }

            return _adminConnectionString;
        }
        finally
        {
            _startGate.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

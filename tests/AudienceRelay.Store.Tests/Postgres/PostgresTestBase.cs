using System.Security.Cryptography;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Tests.Infrastructure;
using Npgsql;

namespace AudienceRelay.Store.Tests.Postgres;

/// <summary>
/// For PostgreSQL-only tests: a fresh schema per test, and as many stores on it as the test wants,
/// each standing for one node.
/// </summary>
public abstract class PostgresTestBase(PostgresServer server) : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _owned = [];

    protected PayloadProtector Protector { get; } = new(RandomNumberGenerator.GetBytes(32));

    protected string ConnectionString { get; private set; } = string.Empty;

    protected static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync() => ConnectionString = await server.CreateSchemaAsync(GetType());

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    /// <summary>A store for one more node, not migrated yet.</summary>
    protected PostgresAudienceStore NewStore() => Own(new PostgresAudienceStore(ConnectionString, Protector));

    /// <summary>A store for one more node, migrated.</summary>
    protected async Task<PostgresAudienceStore> NodeAsync()
    {
        var store = NewStore();
        await store.MigrateAsync(None);
        return store;
    }

    protected T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Runs a query on a connection of the test's own (outside the stores).</summary>
    protected async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(ConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Re-checks a condition in the database until it holds (each check is a query, so this does not spin idle).</summary>
    protected async Task UntilAsync(string sql, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await ScalarAsync<bool>(sql))
        {
            Assert.False(timeout.IsCancellationRequested, $"Timed out waiting until {what}.");
        }
    }
}

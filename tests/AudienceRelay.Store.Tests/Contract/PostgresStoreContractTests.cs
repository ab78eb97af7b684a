using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Tests.Infrastructure;
using Npgsql;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>The contract against PostgreSQL: a database for this class, a fresh schema per test.</summary>
[RequiresPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresServer server) : StoreContractTests
{
    private string _connectionString = string.Empty;

    protected override async Task PrepareDatabaseAsync() => _connectionString = await server.CreateSchemaAsync(GetType());

    protected override IAudienceStore CreateStore(PayloadProtector protector) => new PostgresAudienceStore(_connectionString, protector);

    protected override async Task<byte[]?> ReadRawPayloadAsync(long batchId)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(_connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload FROM batches WHERE batch_id = @b", connection);
        command.Parameters.AddWithValue("b", batchId);
        return await command.ExecuteScalarAsync() as byte[];
    }

    protected override async Task WriteRawPayloadAsync(long batchId, byte[] payload)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(_connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE batches SET payload = @p WHERE batch_id = @b", connection);
        command.Parameters.AddWithValue("b", batchId);
        command.Parameters.AddWithValue("p", payload);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Unpooled(_connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override Task CleanUpDatabaseAsync() => Task.CompletedTask;
}

using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>The contract against SQLite: a fresh database file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("audience-sqlite-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "audience.db")}";

    protected override Task PrepareDatabaseAsync() => Task.CompletedTask;

    protected override IAudienceStore CreateStore(PayloadProtector protector) => new SqliteAudienceStore(ConnectionString, protector);

    protected override async Task<byte[]?> ReadRawPayloadAsync(long batchId)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM batches WHERE batch_id = $b";
        command.Parameters.AddWithValue("$b", batchId);
        return await command.ExecuteScalarAsync() as byte[];
    }

    protected override async Task WriteRawPayloadAsync(long batchId, byte[] payload)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE batches SET payload = $p WHERE batch_id = $b";
        command.Parameters.AddWithValue("$b", batchId);
        command.Parameters.AddWithValue("$p", payload);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override Task CleanUpDatabaseAsync()
    {
        // Pooled connections keep the file open; let them go before the folder does.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

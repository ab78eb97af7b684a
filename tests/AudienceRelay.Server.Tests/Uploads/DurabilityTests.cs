using AudienceRelay.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Server.Tests.Uploads;

/// <summary>An answered batch is durable: a SIGKILL right after the 200 loses nothing.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task A_batch_answered_200_survives_sigkill()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-kill-").FullName;
        var server = await ServerProcess.StartAsync(folder, new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = "http://127.0.0.1:9/unused",
            ["Providers:hook:Secret"] = "0123456789abcdef0123",
            ["Delivery:Enabled"] = "false",
        });
        await using (server)
        {
            var users = Upload.Users([.. Enumerable.Range(0, 500).Select(i => (object)new { email = $"user{i}@example.com" })]);
            var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("Durable", "custom", Upload.Batch(777, 1, 1, 500), users));
            Assert.Equal(200, status);
            await server.KillAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "audience.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT b.user_count, b.payload IS NOT NULL, (SELECT COUNT(*) FROM deliveries d WHERE d.batch_id = b.batch_id AND d.instance = 'hook')
            FROM batches b WHERE b.session_id = 777
            """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(500, reader.GetInt32(0));
        Assert.True(reader.GetBoolean(1));
        Assert.Equal(1, reader.GetInt32(2));
    }
}

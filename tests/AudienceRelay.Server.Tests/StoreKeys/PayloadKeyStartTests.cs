using System.Security.Cryptography;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Server.Tests.StoreKeys;

/// <summary>A node whose payload key is missing or different refuses to start; a payload no key opens fails its delivery at once.</summary>
public sealed class PayloadKeyStartTests
{
    [Fact]
    public async Task A_missing_key_file_for_a_store_with_waiting_batches_stops_the_node_instead_of_making_a_new_key()
    {
        var folder = await AcceptOneBatchAsync();
        File.Delete(Path.Combine(folder, "payload.key"));

        var error = Assert.ThrowsAny<InvalidOperationException>(() => AudienceRelayApp.Build(Arguments(folder)));

        Assert.Contains("Store__PayloadKeyFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("Store__PayloadKey", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "payload.key")), "no new key was generated");
    }

    [Fact]
    public async Task A_different_key_stops_the_node_naming_the_settings()
    {
        var folder = await AcceptOneBatchAsync();

        var error = Assert.ThrowsAny<InvalidOperationException>(() => AudienceRelayApp.Build(
            [.. Arguments(folder), "--Store:PayloadKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))]));

        Assert.Contains("Store__PayloadKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Store__PayloadKeyFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_store_gets_a_new_key_file_beside_its_database()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-key-").FullName;
        var database = Path.Combine(folder, "nested", "audience.db");

        await using (var app = AudienceRelayApp.Build(["--urls", "http://127.0.0.1:0", "--ConnectionStrings:Audience", $"Data Source={database}", "--Delivery:Enabled", "false"]))
        {
            Assert.True(File.Exists(Path.Combine(folder, "nested", "payload.key")));
        }

        // The second start finds the key and its check: no error, and the same key.
        var key = await File.ReadAllTextAsync(Path.Combine(folder, "nested", "payload.key"));
        await using (AudienceRelayApp.Build(["--urls", "http://127.0.0.1:0", "--ConnectionStrings:Audience", $"Data Source={database}", "--Delivery:Enabled", "false"]))
        {
            Assert.Equal(key, await File.ReadAllTextAsync(Path.Combine(folder, "nested", "payload.key")));
        }
    }

    [Fact]
    public async Task A_payload_that_no_key_opens_fails_its_delivery_at_once_with_the_reason()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("audience-relay-key-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Delivery:Enabled"] = "false",
        };
        await using (var accepting = await TestServer.StartAsync(settings, folder: folder))
        {
            var (status, body, _) = await Upload.PostAsync(accepting.Http, Upload.Form("Damaged", "custom", Upload.Batch(5), Upload.Users(Upload.User("kim@example.com"))));
            Assert.True(status == 200, $"{status} {body}");
        }

        await DamagePayloadsAsync(Path.Combine(folder, "audience.db"));
        settings["Delivery:Enabled"] = "true";
        await using var server = await TestServer.StartAsync(settings, folder: folder);

        var ended = await Waiting.ForStateAsync(server, 5, DeliveryState.Failed);

        var delivery = Assert.Single(Waiting.Deliveries(ended));
        Assert.Equal(1, delivery.Attempts);
        Assert.Contains("does not authenticate", delivery.LastError, StringComparison.Ordinal);
        Assert.Empty(hook.All);
    }

    private static string[] Arguments(string folder) =>
        ["--urls", "http://127.0.0.1:0", "--ConnectionStrings:Audience", $"Data Source={Path.Combine(folder, "audience.db")}", "--Store:PayloadKeyFile", Path.Combine(folder, "payload.key"), "--Delivery:Enabled", "false"];

    private static async Task<string> AcceptOneBatchAsync()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-key-").FullName;
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Delivery:Enabled"] = "false", ["Providers:hook:Type"] = "webhook", ["Providers:hook:Url"] = "http://127.0.0.1:9/hook", ["Providers:hook:Secret"] = WebhookReceiver.Secret }, folder: folder);
        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Waiting", "custom", Upload.Batch(9), Upload.Users(Upload.User("lee@example.com"))));
        Assert.True(status == 200, $"{status} {body}");
        Assert.NotNull(await server.Get<IAudienceStore>().GetSessionAsync(9, CancellationToken.None));
        return folder;
    }

    private static async Task DamagePayloadsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT batch_id, payload FROM batches";
        var (batchId, payload) = (0L, Array.Empty<byte>());
        await using (var reader = await read.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            (batchId, payload) = (reader.GetInt64(0), (byte[])reader.GetValue(1));
        }

        // Flip the last byte of the ciphertext: the tag no longer matches.
        payload[^1] ^= 0x5a;
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE batches SET payload = $p WHERE batch_id = $b";
        write.Parameters.AddWithValue("$p", payload);
        write.Parameters.AddWithValue("$b", batchId);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }
}

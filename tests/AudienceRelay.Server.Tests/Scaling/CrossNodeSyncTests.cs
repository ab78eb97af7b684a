using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Scaling;

/// <summary>
/// Wake-ups across nodes: the node answering <c>sync=true</c> runs no dispatcher, and both nodes poll
/// only every ten minutes, so a 200 within the one-minute sync timeout can only come from LISTEN/NOTIFY:
/// A's stored batch wakes B's dispatcher, and B's finished delivery wakes A's waiter.
/// </summary>
[Collection(PostgresNodesCollection.Name)]
public sealed class CrossNodeSyncTests(PostgresServer postgres)
{
    [PostgresFact]
    public async Task Sync_upload_is_answered_with_results_when_another_node_delivers()
    {
        await using var database = await ClusterDatabase.CreateAsync(postgres, GetType());
        await using var hook = await WebhookReceiver.StartAsync();
        var common = new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Delivery:PollInterval"] = "00:10:00",
            ["Delivery:SyncTimeout"] = "00:01:00",
        };
        await using var acceptor = await TestServer.StartAsync(database.NodeSettings(new Dictionary<string, string?>(common) { ["Delivery:Enabled"] = "false" }));
        await using var worker = await TestServer.StartAsync(database.NodeSettings(common));

        var (status, body, _) = await Upload.PostAsync(acceptor.Http, Upload.Form("Synced", "custom", Upload.Batch(42), Upload.Users(Upload.User("sync@example.com"))), "?sync=true");

        Assert.True(status == 200, $"{status} {body}");
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("hook", result.GetProperty("instance").GetString());
        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        Assert.Equal(1, result.GetProperty("usersSent").GetInt32());
        var delivered = await hook.NextAsync();
        Assert.Equal("42-1-1", delivered.IdempotencyKey);
        // The webhook's requests took their permits from the bucket in the shared store, not from a per-node one.
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM rate_buckets WHERE instance = 'hook'"));
    }

    [Fact]
    public void A_postgres_node_without_a_shared_connection_string_or_payload_key_does_not_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AudienceRelayApp.Build(["--urls", "http://127.0.0.1:0", "--Store:Engine", "postgres"]));

        Assert.Contains("ConnectionStrings:Audience", error.Message, StringComparison.Ordinal);
        Assert.Contains("Store:PayloadKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgres_node_names_a_bad_connection_string_without_quoting_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AudienceRelayApp.Build(
            ["--urls", "http://127.0.0.1:0", "--Store:Engine", "postgres", "--ConnectionStrings:Audience", "Data Source=data/audience.db;Password=hunter2secret", "--Store:PayloadKey", Convert.ToBase64String(new byte[32])]));

        Assert.Contains("ConnectionStrings:Audience", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Store:PayloadKey", error.Message, StringComparison.Ordinal);
    }
}

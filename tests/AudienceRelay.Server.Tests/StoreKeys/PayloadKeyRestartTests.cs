using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.StoreKeys;

/// <summary>
/// The payload key belongs to the database, not to the working folder: a node restarted from another
/// folder on the same database delivers every batch the first one accepted.
/// </summary>
public sealed class PayloadKeyRestartTests
{
    [Fact]
    public async Task A_restart_from_another_working_folder_delivers_every_accepted_user()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var root = Directory.CreateTempSubdirectory("audience-relay-key-").FullName;
        var database = Path.Combine(root, "db", "audience.db");
        var first = Directory.CreateDirectory(Path.Combine(root, "first")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(root, "second")).FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Audience"] = $"Data Source={database}",
            // The operator sets no key and no key file: the server's default applies.
            ["Store:PayloadKeyFile"] = null,
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Delivery:PollInterval"] = "00:00:00.200",
            // The platform is unreachable while the first node runs: every batch waits in the store.
            ["Delivery:Enabled"] = "false",
        };

        var node = await ServerProcess.StartAsync(first, settings);
        await using (node)
        {
            for (var session = 1; session <= 3; session++)
            {
                var (status, body, _) = await Upload.PostAsync(node.Http, Upload.Form("Moved", "custom", Upload.Batch(session), Upload.Users(Upload.User($"user{session}@example.com"))));
                Assert.True(status == 200, $"{status} {body}");
            }
        }

        Assert.True(File.Exists(Path.Combine(root, "db", "payload.key")), "the key file lives beside the database");
        Assert.False(Directory.Exists(Path.Combine(first, "data")), "nothing is written relative to the working folder");

        settings["Delivery:Enabled"] = "true";
        await using var restarted = await ServerProcess.StartAsync(second, settings);
        var delivered = new HashSet<string>();
        while (delivered.Count < 3)
        {
            var request = await hook.NextAsync(TimeSpan.FromSeconds(60));
            Assert.True(request.AnsweredStatus == 200 && request.SignatureValid, restarted.Output);
            Assert.Equal(1, request.Body.GetProperty("users").GetArrayLength());
            delivered.Add(request.IdempotencyKey);
        }

        Assert.Equal(["1-1-1", "2-1-1", "3-1-1"], delivered.Order());
        Assert.False(Directory.Exists(Path.Combine(second, "data")));
    }
}

using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Scaling;

/// <summary>
/// Two server processes on one PostgreSQL database take 50 batches in turn; one is SIGKILLed mid-way
/// while it holds a webhook request open. Every batch reaches the webhook, each once unless its delivery
/// was in flight at the kill (then at most twice), and Meta holds one audience with every member.
/// Each node's webhook instance points at a receiver of its own, so the test sees who sent what.
/// </summary>
[Collection(PostgresNodesCollection.Name)]
public sealed class NodeKillTests(PostgresServer postgres)
{
    private const string AccountId = "2000000000000002";
    private const string Token = "meta-cluster-token-51c2";
    private const int Batches = 50;
    private const int UsersPerBatch = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [PostgresFact]
    public async Task Every_batch_is_delivered_once_or_twice_if_in_flight_at_a_sigkill_and_one_audience_exists()
    {
        await using var database = await ClusterDatabase.CreateAsync(postgres, GetType());
        var meta = new MetaEmulator();
        meta.AddAdAccount(AccountId, Token);
        await using var emulators = await EmulatorHost.StartAsync("http://127.0.0.1:0", [meta]);
        await using var hookA = await WebhookReceiver.StartAsync();
        await using var hookB = await WebhookReceiver.StartAsync();

        // Node A's first webhook request is never answered: that delivery is in flight when A dies.
        var never = new TaskCompletionSource();
        hookA.Hold(never.Task);
        await using var a = await ServerProcess.StartAsync(Directory.CreateTempSubdirectory("audience-relay-node-").FullName, database.NodeSettings(Settings(hookA, emulators)));
        await using var b = await ServerProcess.StartAsync(Directory.CreateTempSubdirectory("audience-relay-node-").FullName, database.NodeSettings(Settings(hookB, emulators)));

        for (var i = 1; i <= Batches / 2; i++)
        {
            await PostAsync(i % 2 == 1 ? a : b, i);
        }

        var held = await hookA.ArrivedAsync(TimeSpan.FromSeconds(60));
        await a.KillAsync();
        // Read right after the kill: the dead node's leases stay in the table until they expire and B takes them.
        var inFlight = await database.LeasedKeysAsync("hook", a.Id);
        Assert.Contains(held, inFlight);

        for (var i = (Batches / 2) + 1; i <= Batches; i++)
        {
            await PostAsync(b, i);
        }

        var expected = Enumerable.Range(1, Batches).Select(Key).ToHashSet();
        using (var timeout = new CancellationTokenSource(Patience))
        {
            while (!expected.IsSubsetOf(Answered(hookA).Concat(Answered(hookB))))
            {
                Assert.False(timeout.IsCancellationRequested, "Not every batch reached the webhook:\n" + b.Output);
                await hookB.NextAsync(Patience);
            }
        }

        await database.UntilAllDeliveriesEndedAsync(Batches * 2, Patience);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE state <> 'succeeded'"));

        // Received = answered at either receiver, plus the request A held open when it died.
        var received = hookA.All.Concat(hookB.All).Select(h => h.IdempotencyKey).Append(held)
            .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected, received.Keys.ToHashSet());
        Assert.All(received, r => Assert.InRange(r.Value, 1, 2));
        var twice = received.Where(r => r.Value == 2).Select(r => r.Key).ToHashSet();
        Assert.Subset(inFlight.ToHashSet(), twice);
        Assert.Contains(held, twice);

        var audiences = meta.Audiences(AccountId).Where(x => x.Name == "blotout_Cluster").ToList();
        var audience = Assert.Single(audiences);
        var emails = Enumerable.Range(1, Batches).SelectMany(i => Enumerable.Range(1, UsersPerBatch).Select(u => Sha($"user{i}-{u}@example.com"))).ToHashSet();
        Assert.True(emails.SetEquals(meta.MemberEmails(audience.Id)), $"Meta holds {meta.MemberEmails(audience.Id).Count} of {emails.Count} members.");
        never.SetResult();
    }

    private static Dictionary<string, string?> Settings(WebhookReceiver hook, EmulatorHost emulators) => new()
    {
        ["Providers:hook:Type"] = "webhook",
        ["Providers:hook:Url"] = hook.Url.ToString(),
        ["Providers:hook:Secret"] = WebhookReceiver.Secret,
        ["Providers:hook:Concurrency"] = "3",
        ["Providers:fb:Type"] = "facebook",
        ["Providers:fb:AccessToken"] = Token,
        ["Providers:fb:AdAccountId"] = "act_" + AccountId,
        ["Providers:fb:BaseUrl"] = emulators.UrlFor("meta").ToString(),
        ["Delivery:PollInterval"] = "00:00:01",
        ["Delivery:LeaseDuration"] = "00:00:05",
        ["Delivery:RetryBaseDelay"] = "00:00:00.200",
        ["Delivery:MaxRetryDelay"] = "00:00:02",
        ["Logging:LogLevel:Default"] = "Information",
    };

    private static async Task PostAsync(ServerProcess node, int i)
    {
        var users = Enumerable.Range(1, UsersPerBatch).Select(u => Upload.User($"user{i}-{u}@example.com")).ToArray();
        // One session per batch, all for one audience name: the audience's creation races across nodes.
        var (status, body, _) = await Upload.PostAsync(node.Http, Upload.Form("Cluster", "custom", Upload.Batch(1000 + i, totalUsers: UsersPerBatch), Upload.Users(users)));
        Assert.True(status == 200, $"Batch {i}: {status} {body}\n{node.Output}");
    }

    private static string Key(int i) => $"{1000 + i}-1-1";

    private static IEnumerable<string> Answered(WebhookReceiver hook) => hook.All.Where(h => h.AnsweredStatus == 200).Select(h => h.IdempotencyKey);

    private static string Sha(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)));
}

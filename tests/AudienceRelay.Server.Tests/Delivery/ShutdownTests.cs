using System.Security.Cryptography;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using AudienceRelay.Store.Status;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>
/// SIGTERM (a deploy): the node stops claiming, lets the delivery in flight finish, and hands back the one that
/// does not finish within <c>Delivery:ShutdownTimeout</c>, unused, for the next process to deliver once.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_delivery_in_flight_at_sigterm_arrives_once_and_one_handed_back_is_delivered_by_the_next_process()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("audience-relay-sigterm-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Providers:hook:Concurrency"] = "2",
            ["Delivery:PollInterval"] = "00:00:00.200",
            ["Delivery:ShutdownTimeout"] = "00:00:03",
        };

        // The receiver is slow: it answers the first request when the test lets it, the second not before the node is gone.
        var finishFirst = new TaskCompletionSource();
        var never = new TaskCompletionSource();
        hook.Hold(finishFirst.Task);
        hook.Hold(never.Task);
        await using (var first = await ServerProcess.StartAsync(folder, settings))
        {
            Assert.Equal(200, (await Upload.PostAsync(first.Http, Upload.Form("Deploy", "custom", Upload.Batch(41), """[{"email":"a@example.com"}]"""))).Status);
            Assert.Equal("41-1-1", await hook.ArrivedAsync());
            Assert.Equal(200, (await Upload.PostAsync(first.Http, Upload.Form("Deploy", "custom", Upload.Batch(42), """[{"email":"b@example.com"}]"""))).Status);
            Assert.Equal("42-1-1", await hook.ArrivedAsync());

            var draining = first.OutputLineAsync("Stopped claiming deliveries");
            first.Terminate();
            await draining.WaitAsync(TimeSpan.FromSeconds(30));

            // The request in flight at SIGTERM was not cut off: it finishes now, during the drain.
            finishFirst.SetResult();
            var finished = await hook.NextAsync();
            Assert.Equal(("41-1-1", 200), (finished.IdempotencyKey, finished.AnsweredStatus));
            Assert.Equal(0, await first.ExitAsync(TimeSpan.FromSeconds(60)));
        }

        // Between the two processes: the finished one is written succeeded; the other is handed back, unleased,
        // due now and with no attempt used (a second node would take it at once).
        var between = await ReadAsync(folder);
        var delivered = Assert.Single(Waiting.Deliveries(between[0]));
        Assert.Equal((DeliveryState.Succeeded, 1), (delivered.State, delivered.Attempts));
        var handedBack = Assert.Single(Waiting.Deliveries(between[1]));
        Assert.Equal((DeliveryState.Pending, 0), (handedBack.State, handedBack.Attempts));
        Assert.True(handedBack.NextAttemptAt <= TimeProvider.System.GetUtcNow().AddSeconds(1), $"due at {handedBack.NextAttemptAt}");
        Assert.Contains("handed back", handedBack.LastError, StringComparison.Ordinal);

        await using (var second = await ServerProcess.StartAsync(folder, settings))
        {
            var next = await hook.NextAsync();
            Assert.Equal(("42-1-1", 200), (next.IdempotencyKey, next.AnsweredStatus));

            // A graceful stop writes the outcome before the process exits.
            second.Terminate();
            Assert.Equal(0, await second.ExitAsync(TimeSpan.FromSeconds(60)));
        }

        var after = await ReadAsync(folder);
        Assert.Equal((DeliveryState.Succeeded, 1), (Waiting.Deliveries(after[0]).Single().State, Waiting.Deliveries(after[0]).Single().Attempts));
        Assert.Equal((DeliveryState.Succeeded, 1), (Waiting.Deliveries(after[1]).Single().State, Waiting.Deliveries(after[1]).Single().Attempts));
        Assert.Equal(["41-1-1", "42-1-1"], hook.All.Where(h => h.AnsweredStatus == 200).Select(h => h.IdempotencyKey).Order());
        never.SetResult();
    }

    private static async Task<SessionRecord[]> ReadAsync(string folder)
    {
        // Status rows only: no payload is read, so any key will do.
        var store = new SqliteAudienceStore($"Data Source={Path.Combine(folder, "audience.db")}", new PayloadProtector(RandomNumberGenerator.GetBytes(32)));
        return [(await store.GetSessionAsync(41, CancellationToken.None))!, (await store.GetSessionAsync(42, CancellationToken.None))!];
    }
}

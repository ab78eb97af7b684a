using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>SIGKILL while deliveries are in flight: the restarted node delivers every accepted batch.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Deliveries_in_flight_at_a_sigkill_are_delivered_after_restart()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("audience-relay-crash-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = hook.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Providers:hook:Concurrency"] = "2",
            ["Delivery:PollInterval"] = "00:00:00.200",
        };

        // The webhook holds the first two requests open: those deliveries are in flight when the node dies.
        var never = new TaskCompletionSource();
        hook.Hold(never.Task);
        hook.Hold(never.Task);
        var first = await ServerProcess.StartAsync(folder, settings);
        await using (first)
        {
            for (var session = 1; session <= 3; session++)
            {
                var (status, _, _) = await Upload.PostAsync(first.Http, Upload.Form("Crash", "custom", Upload.Batch(session), $$"""[{"email":"user{{session}}@example.com"}]"""));
                Assert.Equal(200, status);
            }

            await hook.ArrivedAsync();
            await hook.ArrivedAsync();
            await first.KillAsync();
        }

        // The held requests never got an answer: nothing was delivered before the crash.
        Assert.Empty(hook.All);
        var delivered = new HashSet<string>();
        await using var second = await ServerProcess.StartAsync(folder, settings);
        while (delivered.Count < 3)
        {
            var hookRequest = await hook.NextAsync(TimeSpan.FromSeconds(30));
            if (hookRequest.AnsweredStatus == 200)
            {
                delivered.Add(hookRequest.IdempotencyKey);
            }
        }

        Assert.Equal(["1-1-1", "2-1-1", "3-1-1"], delivered.Order());
        never.SetResult();
    }
}

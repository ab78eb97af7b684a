using AudienceRelay.Providers.Delivery;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>The platform says the remembered audience is gone: the engine forgets it, resolves the name once more and delivers again, once.</summary>
public sealed class AudienceGoneTests
{
    [Fact]
    public async Task A_gone_audience_is_forgotten_resolved_again_and_the_batch_delivered_to_the_new_one()
    {
        var platform = new ForgetfulPlatform(goneAudiences: ["aud-1"]);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<IAudienceProvider>(platform));

        await Upload.PostAsync(server.Http, Upload.Form("Gone", "custom", Upload.Batch(51), """[{"email":"a@example.com"}]"""));

        var done = await Waiting.ForStateAsync(server, 51, DeliveryState.Succeeded);
        var delivery = Assert.Single(Waiting.Deliveries(done));
        Assert.Equal("aud-2", delivery.AudienceId);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(1, Waiting.Json(delivery.PlatformCounts).GetProperty("audience_resolved_again").GetInt64());
        Assert.Equal(["aud-1", "aud-2"], platform.DeliveredTo);
        Assert.Equal("aud-2", await server.Get<IAudienceStore>().FindAudienceAsync("forgetful", "blotout_Gone", CancellationToken.None));
    }

    [Fact]
    public async Task An_audience_gone_again_after_resolving_anew_fails_the_delivery_without_a_third_try()
    {
        var platform = new ForgetfulPlatform(goneAudiences: ["aud-1", "aud-2"]);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<IAudienceProvider>(platform));

        await Upload.PostAsync(server.Http, Upload.Form("GoneTwice", "custom", Upload.Batch(52), """[{"email":"a@example.com"}]"""));

        var failed = await Waiting.ForStateAsync(server, 52, DeliveryState.Failed);
        Assert.Contains("gone again", Assert.Single(Waiting.Deliveries(failed)).LastError, StringComparison.Ordinal);
        Assert.Equal(["aud-1", "aud-2"], platform.DeliveredTo);
    }

    /// <summary>A platform at the network edge that creates a new audience id on each look-up and has lost some of them.</summary>
    private sealed class ForgetfulPlatform(string[] goneAudiences) : IAudienceProvider
    {
        private int _created;

        public List<string> DeliveredTo { get; } = [];

        public string Instance => "forgetful";

        public string Type => "forgetful";

        public ProviderLimits Limits { get; } = new() { MaxUsersPerRequest = 100, RequestsPerSecond = 100, Concurrency = 1 };

        public Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(AudienceResolution.NewlyCreated($"aud-{Interlocked.Increment(ref _created)}"));

        public Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
        {
            lock (DeliveredTo)
            {
                DeliveredTo.Add(work.AudienceId);
            }

            return Task.FromResult<DeliveryOutcome>(goneAudiences.Contains(work.AudienceId)
                ? new DeliveryOutcome.AudienceGone($"audience {work.AudienceId} does not exist")
                : new DeliveryOutcome.Succeeded(DeliveryCounts.Of(work.Users.Count)));
        }
    }
}

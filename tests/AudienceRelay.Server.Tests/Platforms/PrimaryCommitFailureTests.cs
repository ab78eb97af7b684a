using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;
using static AudienceRelay.Server.Tests.Platforms.FailingPrimaryCommits;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// The window between a primary session's platform removals and its ledger commit (docs/delivery.md, "Overlapping
/// primary sessions"): when the commit fails, or lands but its answer is lost, the delivery is retried, and the
/// retry must leave the platform holding exactly the newest list and the ledger holding exactly its keys.
/// </summary>
public sealed class PrimaryCommitFailureTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private PlatformEmulators _platforms = null!;

    public async Task InitializeAsync() => _platforms = await PlatformEmulators.StartAsync();

    public async Task DisposeAsync() => await _platforms.DisposeAsync();

    [Theory]
    [InlineData(CommitFailure.BeforeCommit, 2)]
    [InlineData(CommitFailure.AfterCommit, 0)]
    public async Task A_failed_primary_commit_is_retried_to_the_newest_list_and_a_consistent_ledger(CommitFailure failure, long removedByTheRetry)
    {
        FailingPrimaryCommits store = null!;
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.TikTokInstance()), _time, services: s => store = FailingPrimaryCommits.Install(s));
        var first = """[{"email":"ann@example.com"},{"email":"bob@example.com"},{"email":"cat@example.com"}]""";
        var second = """[{"email":"bob@example.com"},{"email":"dan@example.com"}]""";
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Crm", "primary", Upload.Batch(901, 1, 1, 3), first), "?sync=true")).Status);

        // The second session sends ann's and cat's removals, then its commit fails.
        store.Arm(failure);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Crm", "primary", Upload.Batch(902, 1, 1, 2), second))).Status);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(902, await store.Failures.Reader.ReadAsync(timeout.Token));
        }

        var retrying = await Waiting.ForSessionAsync(server, 902, s => Waiting.Deliveries(s).Any(d => d is { State: DeliveryState.Pending, Attempts: 1 }));
        Assert.Contains("TimeoutException", Assert.Single(Waiting.Deliveries(retrying)).LastError, StringComparison.Ordinal);
        Waiting.Advance(server, _time, TimeSpan.FromMinutes(5));

        var done = Assert.Single(Waiting.Deliveries(await Waiting.ForStateAsync(server, 902, DeliveryState.Succeeded)));
        Assert.Equal(2, done.Attempts);
        Assert.Equal(removedByTheRetry, Waiting.Json(done.PlatformCounts).GetProperty("removed").GetInt64());
        var audience = Assert.Single(_platforms.TikTok.Audiences(PlatformEmulators.Advertiser), a => a.Name == "blotout_Crm");
        Assert.Equal(Expected.Set(Expected.Sha("bob@example.com"), Expected.Sha("dan@example.com")), _platforms.TikTok.Members(audience.AudienceId, "EMAIL_SHA256"));

        // The ledger holds exactly the second list: the next session removes bob alone (ann and cat are gone from it).
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Crm", "primary", Upload.Batch(903, 1, 1, 1), """[{"email":"dan@example.com"}]"""), "?sync=true")).Status);
        var third = Assert.Single(Waiting.Deliveries(await Waiting.ForStateAsync(server, 903, DeliveryState.Succeeded)));
        Assert.Equal(1, Waiting.Json(third.PlatformCounts).GetProperty("removed").GetInt64());
        Assert.Equal(Expected.Set(Expected.Sha("dan@example.com")), _platforms.TikTok.Members(audience.AudienceId, "EMAIL_SHA256"));
    }
}

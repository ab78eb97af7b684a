using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Server.Tests.Platforms;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Sessions;

/// <summary>
/// Primary sessions as a user sees them: batches posted back to back start the replace at once (no lost wake-up),
/// and <c>sync=true</c> on a batch that must wait for the rest of its session answers at once, saying so.
/// </summary>
public sealed class PrimarySessionTests : IAsyncLifetime
{
    private PlatformEmulators _platforms = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _platforms = await PlatformEmulators.StartAsync();
        var settings = PlatformEmulators.Settings(_platforms.Facebook());
        settings["Delivery:SyncTimeout"] = "00:10:00";
        _server = await TestServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platforms.DisposeAsync();
    }

    [Theory]
    [InlineData(301, new[] { 1, 2, 3 })]
    [InlineData(302, new[] { 3, 2, 1 })]
    [InlineData(303, new[] { 2, 3, 1 })]
    [InlineData(304, new[] { 1, 3, 2 })]
    public async Task Three_batches_posted_with_no_gap_replace_the_audience_without_waiting_for_a_recheck(long session, int[] order)
    {
        var name = $"Burst{session}";
        var posts = order.Select(sequence => Upload.PostAsync(
            _server.Http, Upload.Form(name, "primary", Upload.Batch(session, sequence, 3, 3), Users($"user{sequence}.{session}@example.com"))));
        Assert.All(await Task.WhenAll(posts), p => Assert.Equal(200, p.Status));

        // The recheck of a waiting replace is five minutes away: only a wake-up can end the session within this timeout.
        var done = await Waiting.ForStateAsync(_server, session, DeliveryState.Succeeded, TimeSpan.FromSeconds(60));
        var audienceId = Waiting.Deliveries(done).First().AudienceId!;
        Assert.Equal(
            Expected.Set([.. order.Order().Select(sequence => Expected.MetaRow(email: $"user{sequence}.{session}@example.com"))]),
            Expected.Members(_platforms.Meta.Members(audienceId)));
    }

    [Fact]
    public async Task Sync_on_a_batch_that_waits_for_its_session_answers_at_once_and_lists_each_delivery_once()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(45) };
        const long session = 310;
        for (var sequence = 1; sequence <= 2; sequence++)
        {
            var (status, body, _) = await Upload.PostAsync(http, Upload.Form("SyncPrimary", "primary", Upload.Batch(session, sequence, 3, 3), Users($"u{sequence}@example.com")), "?sync=true");
            Assert.Equal(202, status);
            Assert.Empty(body.GetProperty("results").EnumerateArray());
            var pending = Assert.Single(body.GetProperty("pending").EnumerateArray());
            Assert.Equal("fb_us", pending.GetProperty("instance").GetString());
            Assert.True(pending.GetProperty("waitingForSession").GetBoolean());
            Assert.Equal($"/audience/sessions/{session}", body.GetProperty("statusUrl").GetString());
        }

        var (last, lastBody, _) = await Upload.PostAsync(http, Upload.Form("SyncPrimary", "primary", Upload.Batch(session, 3, 3, 3), Users("u3@example.com")), "?sync=true");
        Assert.Equal(200, last);
        var result = Assert.Single(lastBody.GetProperty("results").EnumerateArray());
        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        Assert.False(result.TryGetProperty("waitingForSession", out _));
        Assert.False(lastBody.TryGetProperty("pending", out _));
        await Waiting.ForStateAsync(_server, session, DeliveryState.Succeeded);
    }

    private static string Users(params string[] emails) => JsonSerializer.Serialize(emails.Select(e => new { email = e }));
}

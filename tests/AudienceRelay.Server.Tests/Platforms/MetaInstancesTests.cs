using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>Several Meta instances side by side, and many batches racing to create one audience.</summary>
public sealed class MetaInstancesTests : IAsyncLifetime
{
    private PlatformEmulators _platforms = null!;

    public async Task InitializeAsync() => _platforms = await PlatformEmulators.StartAsync();

    public async Task DisposeAsync() => await _platforms.DisposeAsync();

    [Fact]
    public async Task Two_ad_accounts_each_get_their_own_delivery_and_their_own_audience()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(
            _platforms.Facebook("fb_us", PlatformEmulators.UsAccount, PlatformEmulators.UsToken),
            _platforms.Facebook("fb_eu", PlatformEmulators.EuAccount, PlatformEmulators.EuToken)));

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Shared", "custom", Upload.Batch(401, 1, 1, 2), """[{"email":"a@example.com"},{"email":"b@example.com"}]"""), "?sync=true");

        Assert.Equal(200, status);
        Assert.Equal(["fb_eu", "fb_us"], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("instance").GetString()).Order());
        var done = await Waiting.ForStateAsync(server, 401, DeliveryState.Succeeded);
        var deliveries = Waiting.Deliveries(done).ToDictionary(d => d.Instance);
        var us = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount));
        var eu = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.EuAccount));
        Assert.NotEqual(us.Id, eu.Id);
        Assert.Equal(("blotout_Shared", "blotout_Shared"), (us.Name, eu.Name));
        Assert.Equal(us.Id, deliveries["fb_us"].AudienceId);
        Assert.Equal(eu.Id, deliveries["fb_eu"].AudienceId);
        var expected = Expected.Set(Expected.Sha("a@example.com"), Expected.Sha("b@example.com"));
        Assert.Equal(expected, _platforms.Meta.MemberEmails(us.Id));
        Assert.Equal(expected, _platforms.Meta.MemberEmails(eu.Id));
    }

    [Fact]
    public async Task Twenty_concurrent_batches_for_a_new_audience_create_it_exactly_once()
    {
        var settings = PlatformEmulators.Settings(_platforms.Facebook());
        settings["Ingress:MaxConcurrentUploads"] = "32"; // all twenty in at once, past the default bound of a small machine
        await using var server = await TestServer.StartAsync(settings);
        var sessions = Enumerable.Range(0, 20).Select(i => 500L + i).ToList();

        var posts = await Task.WhenAll(sessions.Select(s => Upload.PostAsync(
            server.Http, Upload.Form("Crowd", "custom", Upload.Batch(s), JsonSerializer.Serialize(new[] { new { email = $"user{s}@example.com" } })))));

        Assert.All(posts, p => Assert.Equal(200, p.Status));
        await Task.WhenAll(sessions.Select(s => Waiting.ForStateAsync(server, s, DeliveryState.Succeeded)));
        var audience = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount));
        Assert.Equal("blotout_Crowd", audience.Name);
        Assert.Single(_platforms.Meta.Requests, r => r.Method == "POST" && r.Path.EndsWith("/customaudiences", StringComparison.Ordinal));
        Assert.Equal(Expected.Set([.. sessions.Select(s => Expected.Sha($"user{s}@example.com"))]), _platforms.Meta.MemberEmails(audience.Id));
    }
}

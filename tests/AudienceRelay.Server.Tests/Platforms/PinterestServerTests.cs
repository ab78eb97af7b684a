using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>Pinterest through the real server: exact records, the minimum-size note, primary removal, token refresh, throttling, a permanent error.</summary>
public sealed class PinterestServerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private SocialEmulators _platforms = null!;

    public async Task InitializeAsync() => _platforms = await SocialEmulators.StartAsync();

    public async Task DisposeAsync() => await _platforms.DisposeAsync();

    [Fact]
    public async Task Pinterest_holds_exactly_the_hashed_emails_and_the_status_says_when_the_list_is_too_small()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.PinterestInstance()));
        var first = """[{"email":"  Jane.Doe@Example.COM "},{"email":"jane.doe@example.com","phone":"+16505551212"},{"phone":"+16505551213"}]""";
        var second = """[{"email":"sam@example.org"},{"email":"ann@example.net"}]""";

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Pins", "custom", Upload.Batch(901, 1, 1, 3), first), "?sync=true");
        var (laterStatus, later, _) = await Upload.PostAsync(server.Http, Upload.Form("Pins", "custom", Upload.Batch(902, 1, 1, 2), second), "?sync=true");

        Assert.Equal((200, 200), (status, laterStatus));
        var small = Assert.Single(body.GetProperty("results").EnumerateArray()).GetProperty("platformCounts");
        Assert.Equal(1, small.GetProperty("list_too_small").GetInt64());
        Assert.False(Assert.Single(later.GetProperty("results").EnumerateArray()).GetProperty("platformCounts").TryGetProperty("list_too_small", out _));
        var (id, _, _) = Assert.Single(_platforms.Pinterest.CustomerLists(SocialEmulators.PinAccount), l => l.Name == "blotout_Pins");
        Assert.Equal(Expected.Set(Expected.Sha("jane.doe@example.com"), Expected.Sha("sam@example.org"), Expected.Sha("ann@example.net")), _platforms.Pinterest.Members(SocialEmulators.PinAccount, id));
        Assert.Equal(id, Assert.Single(_platforms.Pinterest.Audiences(SocialEmulators.PinAccount)).CustomerListId);
    }

    [Fact]
    public async Task A_second_complete_primary_session_removes_who_left()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.PinterestInstance()));
        var first = """[{"email":"ann@example.com"},{"email":"bob@example.com"},{"email":"cat@example.com"}]""";
        var second = """[{"email":"bob@example.com"},{"email":"dan@example.com"}]""";

        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Loyal", "primary", Upload.Batch(911, 1, 1, 3), first), "?sync=true")).Status);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Loyal", "primary", Upload.Batch(912, 1, 1, 2), second), "?sync=true")).Status);

        var (id, _, _) = Assert.Single(_platforms.Pinterest.CustomerLists(SocialEmulators.PinAccount), l => l.Name == "blotout_Loyal");
        Assert.Equal(Expected.Set(Expected.Sha("bob@example.com"), Expected.Sha("dan@example.com")), _platforms.Pinterest.Members(SocialEmulators.PinAccount, id));
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_once_and_the_delivery_succeeds()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.PinterestInstance()));
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Fresh", "custom", Upload.Batch(921), """[{"email":"a@example.com"}]"""), "?sync=true")).Status);

        _platforms.Pinterest.ExpireAccessTokens();
        var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("Fresh", "custom", Upload.Batch(922), """[{"email":"b@example.com"}]"""), "?sync=true");

        Assert.Equal(200, status);
        Assert.Equal(2, _platforms.Pinterest.TokensIssued);
    }

    [Fact]
    public async Task A_throttle_waits_without_using_an_attempt_then_succeeds()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.PinterestInstance()), _time);
        _platforms.Pinterest.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 30, PathContains = "/customer_lists/" });
        await Upload.PostAsync(server.Http, Upload.Form("Paced", "custom", Upload.Batch(931), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 931, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        Assert.Equal(0, Assert.Single(Waiting.Deliveries(waiting)).Attempts);

        Waiting.Advance(server, _time, TimeSpan.FromMinutes(1));
        var done = await Waiting.ForStateAsync(server, 931, DeliveryState.Succeeded);
        Assert.Equal(1, Assert.Single(Waiting.Deliveries(done)).Attempts);
    }

    [Fact]
    public async Task A_refused_update_fails_and_sync_names_the_instance_and_pinterests_message()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.PinterestInstance()));
        _platforms.Pinterest.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 400, Code = 2648, Message = "Customer list is archived.", PathContains = "/customer_lists/" });

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Archived", "custom", Upload.Batch(941), """[{"email":"a@example.com"}]"""), "?sync=true");

        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("pin: ", StringComparison.Ordinal) && e.Contains("archived", StringComparison.Ordinal));
    }
}

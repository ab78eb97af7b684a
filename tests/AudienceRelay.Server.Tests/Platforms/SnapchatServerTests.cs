using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>Snapchat through the real server: exact members, primary removal, token refresh, throttling, a permanent error.</summary>
public sealed class SnapchatServerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private SocialEmulators _platforms = null!;

    public async Task InitializeAsync() => _platforms = await SocialEmulators.StartAsync();

    public async Task DisposeAsync() => await _platforms.DisposeAsync();

    [Fact]
    public async Task Snap_holds_exactly_the_hashes_of_canonical_emails_and_phone_digits_without_plus_or_zeros()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.SnapchatInstance()));
        var users = JsonSerializer.Serialize(new object[]
        {
            new { email = "  Jane.Doe@Example.COM ", phone = "001 (706) 767-5127" },
            new { phone = "+0044 20 7946 0018" },
            new { phone = "020 7946 0999", country = "GB" },
            new { email = "jane.doe@example.com", phone = "+1(706)-767-5127" },
            new { edgeTagId = "edge-only" },
        });

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Snappy", "custom", Upload.Batch(801, 1, 1, 5), users), "?sync=true");

        Assert.Equal(200, status);
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        var segment = Assert.Single(_platforms.Snapchat.Segments(SocialEmulators.SnapAccount), s => s.Name == "blotout_Snappy");
        Assert.Equal(Expected.Set(Expected.Sha("jane.doe@example.com")), _platforms.Snapchat.Members(segment.Id, "EMAIL_SHA256"));
        Assert.Equal(
            Expected.Set(Expected.Sha("17067675127"), Expected.Sha("442079460018"), Expected.Sha("442079460999")),
            _platforms.Snapchat.Members(segment.Id, "PHONE_SHA256"));
        Assert.All(_platforms.Snapchat.UsersCalls, c => Assert.Equal("POST", c.Method));
        Assert.Equal(["EMAIL_SHA256", "PHONE_SHA256"], _platforms.Snapchat.UsersCalls.Select(c => c.Schema));
    }

    [Fact]
    public async Task A_second_complete_primary_session_removes_who_left_and_keeps_the_rest()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.SnapchatInstance()));
        var first = """[{"email":"ann@example.com","phone":"+16505551212"},{"email":"bob@example.com"}]""";
        var secondA = """[{"email":"bob@example.com"}]""";
        var secondB = """[{"email":"cat@example.com"}]""";

        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Base", "primary", Upload.Batch(811, 1, 1, 2), first), "?sync=true")).Status);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Base", "primary", Upload.Batch(812, 1, 2, 2), secondA), "?sync=true")).Status);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Base", "primary", Upload.Batch(812, 2, 2, 2), secondB), "?sync=true")).Status);

        var segment = Assert.Single(_platforms.Snapchat.Segments(SocialEmulators.SnapAccount), s => s.Name == "blotout_Base");
        Assert.Equal(Expected.Set(Expected.Sha("bob@example.com"), Expected.Sha("cat@example.com")), _platforms.Snapchat.Members(segment.Id, "EMAIL_SHA256"));
        Assert.Empty(_platforms.Snapchat.Members(segment.Id, "PHONE_SHA256"));
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_once_and_the_delivery_succeeds()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.SnapchatInstance()));
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Fresh", "custom", Upload.Batch(821), """[{"email":"a@example.com"}]"""), "?sync=true")).Status);
        Assert.Equal(1, _platforms.Snapchat.TokensIssued);

        _platforms.Snapchat.ExpireAccessTokens();
        var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("Fresh", "custom", Upload.Batch(822), """[{"email":"b@example.com"}]"""), "?sync=true");

        Assert.Equal(200, status);
        Assert.Equal(2, _platforms.Snapchat.TokensIssued);
        var segment = Assert.Single(_platforms.Snapchat.Segments(SocialEmulators.SnapAccount));
        Assert.Equal(Expected.Set(Expected.Sha("a@example.com"), Expected.Sha("b@example.com")), _platforms.Snapchat.Members(segment.Id, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task A_throttle_waits_without_using_an_attempt_then_succeeds()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.SnapchatInstance()), _time);
        _platforms.Snapchat.Faults.Add(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 30, PathContains = "/users" });
        await Upload.PostAsync(server.Http, Upload.Form("Paced", "custom", Upload.Batch(831), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 831, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        Assert.Equal(0, Assert.Single(Waiting.Deliveries(waiting)).Attempts);

        Waiting.Advance(server, _time, TimeSpan.FromMinutes(1));
        var done = await Waiting.ForStateAsync(server, 831, DeliveryState.Succeeded);
        Assert.Equal(1, Assert.Single(Waiting.Deliveries(done)).Attempts);
    }

    [Fact]
    public async Task A_permission_error_fails_and_sync_names_the_instance_and_snaps_code()
    {
        await using var server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.SnapchatInstance()));
        _platforms.Snapchat.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 403, Code = 3002, Message = "No permission on this ad account", PathContains = "/segments" });

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Locked", "custom", Upload.Batch(841), """[{"email":"a@example.com"}]"""), "?sync=true");

        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("snap: ", StringComparison.Ordinal) && e.Contains("E3002", StringComparison.Ordinal));
    }
}

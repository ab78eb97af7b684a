using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.LinkedIn;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Platforms.LinkedIn;

/// <summary>LinkedIn through the real server and the real store: exactly what the DMP segment ends up holding, and each error class.</summary>
public sealed class LinkedInServerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Tricky_inputs_end_as_exactly_these_members_and_users_without_email_are_skipped()
    {
        await using var platform = await LinkedInPlatform.StartAsync();
        await using var server = await TestServer.StartAsync(platform.Instance());
        var users = JsonSerializer.Serialize(new object[]
        {
            new { email = "  Jane Doe@Example.COM\t", firstName = "Vale\u0301ry", lastName = " O'Brien ", country = "United Kingdom" },
            new { email = "SAM@example.org", firstName = new string('n', 40), country = "us" },
            new { email = LinkedInDigestUpper, lastName = "Hashed" },
            new { phone = "+1 650 555 1212", firstName = "Phone", lastName = "Only" },
            new { edgeTagId = "edge-9" },
        });

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Tricky", "custom", Upload.Batch(901, 1, 1, 5), users), "?sync=true");

        Assert.Equal(200, status);
        Assert.Equal("succeeded", Assert.Single(body.GetProperty("results").EnumerateArray()).GetProperty("state").GetString());
        LinkedInMemberView[] expected =
        [
            new("SHA256_EMAIL", Expected.Sha("janedoe@example.com"), "Val\u00e9ry", "O'Brien", "GB"),
            new("SHA256_EMAIL", Expected.Sha("sam@example.org"), new string('n', 35), null, "US"),
            new("SHA256_EMAIL", LinkedInDigestUpper.ToLowerInvariant(), null, "Hashed", null),
        ];
        Assert.Equal(expected.OrderBy(m => m.IdValue), platform.Emulator.Members(platform.SegmentId("blotout_Tricky")).OrderBy(m => m.IdValue));
    }

    [Fact]
    public async Task A_second_complete_primary_session_removes_who_left()
    {
        await using var platform = await LinkedInPlatform.StartAsync();
        await using var server = await TestServer.StartAsync(platform.Instance());
        var first = """[{"email":"ann@example.com"},{"email":"bob@example.com"},{"email":"cat@example.com"}]""";
        var second = """[{"email":"bob@example.com"},{"email":"dan@example.com"}]""";

        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Customers", "primary", Upload.Batch(911, 1, 1, 3), first), "?sync=true")).Status);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Customers", "primary", Upload.Batch(912, 1, 1, 2), second), "?sync=true")).Status);

        Assert.Equal(
            Expected.Set(Expected.Sha("bob@example.com"), Expected.Sha("dan@example.com")),
            platform.Emulator.MemberIds(platform.SegmentId("blotout_Customers"), "SHA256_EMAIL"));
    }

    [Fact]
    public async Task With_the_refresh_trio_an_expired_token_is_refreshed_and_delivery_goes_on()
    {
        await using var platform = await LinkedInPlatform.StartAsync();
        await using var server = await TestServer.StartAsync(platform.Instance(refresh: true));

        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Fresh", "custom", Upload.Batch(921), """[{"email":"a@example.com"}]"""), "?sync=true")).Status);
        platform.Emulator.ExpireAccessTokens();
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Fresh", "custom", Upload.Batch(922), """[{"email":"b@example.com"}]"""), "?sync=true")).Status);

        Assert.Equal(2, platform.Emulator.TokensIssued);
        Assert.Equal(Expected.Set(Expected.Sha("a@example.com"), Expected.Sha("b@example.com")), platform.Emulator.MemberIds(platform.SegmentId("blotout_Fresh"), "SHA256_EMAIL"));
    }

    [Fact]
    public async Task A_429_waits_for_retry_after_without_using_an_attempt_then_succeeds()
    {
        await using var platform = await LinkedInPlatform.StartAsync();
        await using var server = await TestServer.StartAsync(platform.Instance(), _time);
        platform.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, PathContains = "/users", RetryAfterSeconds = 120 });
        await Upload.PostAsync(server.Http, Upload.Form("Paced", "custom", Upload.Batch(931), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 931, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        var delivery = Assert.Single(Waiting.Deliveries(waiting));
        Assert.Equal(0, delivery.Attempts);
        Assert.Contains("HTTP 429", delivery.LastError, StringComparison.Ordinal);

        Waiting.Advance(server, _time, TimeSpan.FromMinutes(3));
        await Waiting.ForStateAsync(server, 931, DeliveryState.Succeeded);
        Assert.Equal(Expected.Set(Expected.Sha("a@example.com")), platform.Emulator.MemberIds(platform.SegmentId("blotout_Paced"), "SHA256_EMAIL"));
    }

    [Fact]
    public async Task A_permission_error_fails_and_sync_names_the_instance_with_linkedins_message()
    {
        await using var platform = await LinkedInPlatform.StartAsync();
        await using var server = await TestServer.StartAsync(platform.Instance());
        platform.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 403, Code = 100, Message = "Not enough permissions to access: dmpSegments", PathContains = "/users" });

        var (status, body, _) = await Upload.PostAsync(server.Http, Upload.Form("Denied", "custom", Upload.Batch(941), """[{"email":"a@example.com"}]"""), "?sync=true");

        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("li: ", StringComparison.Ordinal) && e.Contains("Not enough permissions", StringComparison.Ordinal));
        Assert.Empty(platform.Emulator.Members(platform.SegmentId("blotout_Denied")));
    }

    [Fact]
    public async Task A_segment_not_ready_after_creation_is_retried_shortly_and_then_filled()
    {
        await using var platform = await LinkedInPlatform.StartAsync(readinessDelay: TimeSpan.FromSeconds(5), clock: _time);
        await using var server = await TestServer.StartAsync(platform.Instance(), _time);
        await Upload.PostAsync(server.Http, Upload.Form("Brand new", "custom", Upload.Batch(951), """[{"email":"a@example.com"}]"""));

        var waiting = await Waiting.ForSessionAsync(server, 951, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        var delivery = Assert.Single(Waiting.Deliveries(waiting));
        Assert.Contains("not ready", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(0, delivery.Attempts);

        Waiting.Advance(server, _time, TimeSpan.FromMinutes(1));
        await Waiting.ForStateAsync(server, 951, DeliveryState.Succeeded);
        Assert.Equal(Expected.Set(Expected.Sha("a@example.com")), platform.Emulator.MemberIds(platform.SegmentId("blotout_Brand new"), "SHA256_EMAIL"));
    }

    // A SHA-256 digest sent already hashed, in upper case: passed through, lower-cased (printf '%s' 'pre@example.com' | sha256sum).
    private const string LinkedInDigestUpper = "544828A596C6DE7356C96128A20CE4C8DC32B32AF0D54D396E069D6EFDE0A5F8";
}

using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.LinkedIn;

/// <summary>Tokens (fixed, minted, refreshed once on 401) and how LinkedIn's errors become outcomes.</summary>
public sealed class LinkedInAuthAndErrorTests
{
    [Fact]
    public async Task With_the_refresh_trio_one_token_is_minted_and_reused_across_calls()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider(refresh: true, token: null);

        var segment = await LinkedInFixture.SegmentAsync(provider);
        var first = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);
        var second = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("bob")), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(first);
        Assert.IsType<DeliveryOutcome.Succeeded>(second);
        Assert.Equal(1, env.Emulator.TokensIssued);
        Assert.Equal(LinkedInFixture.Hashes("ann", "bob"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_once_and_the_call_goes_through()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider(refresh: true);
        var segment = await LinkedInFixture.SegmentAsync(provider);
        Assert.Equal(0, env.Emulator.TokensIssued); // the configured AccessToken is used while LinkedIn takes it
        env.Emulator.ExpireAccessTokens();

        var outcome = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        Assert.Equal(1, env.Emulator.TokensIssued);
        Assert.Equal(LinkedInFixture.Hashes("ann"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
    }

    [Fact]
    public async Task A_token_that_expires_soon_is_renewed_before_linkedin_refuses_it()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider(refresh: true, token: null, time: clock);
        await LinkedInFixture.SegmentAsync(provider);

        clock.Advance(TimeSpan.FromDays(60) - TimeSpan.FromMinutes(4)); // inside the last five minutes of its life
        await LinkedInFixture.SegmentAsync(provider);

        Assert.Equal(2, env.Emulator.TokensIssued);
    }

    [Fact]
    public async Task A_refused_refresh_token_fails_naming_the_settings_and_never_the_secret()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider(refresh: true, token: null, refreshToken: "revoked-refresh-token");

        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest("x", Core.Contract.AudienceType.Custom), CancellationToken.None);

        var reason = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem).Reason;
        Assert.Contains("invalid_grant", reason, StringComparison.Ordinal);
        Assert.Contains("RefreshToken", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-refresh-token", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(LinkedInFixture.ClientSecret, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_fixed_token_without_the_trio_is_a_permanent_failure()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider(token: "not-a-token");

        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest("x", Core.Contract.AudienceType.Custom), CancellationToken.None);

        var reason = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem).Reason;
        Assert.Contains("HTTP 401", reason, StringComparison.Ordinal);
        Assert.Contains("AccessToken", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_a_throttled_retry_that_honors_retry_after()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, PathContains = "/users", RetryAfterSeconds = 30 });

        var outcome = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.True(retry.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(30), retry.After);
        Assert.Empty(env.Emulator.Members(segment));
    }

    [Fact]
    public async Task A_server_error_and_a_dropped_connection_are_retries()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, PathContains = "/users", StatusCode = 503 });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Drop, PathContains = "/users" });

        var unavailable = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);
        var dropped = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);

        Assert.False(Assert.IsType<DeliveryOutcome.Retry>(unavailable).Throttled);
        Assert.IsType<DeliveryOutcome.Retry>(dropped);
    }

    [Fact]
    public async Task A_permission_error_fails_with_linkedins_message_and_what_to_fix()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider);
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, PathContains = "/users", StatusCode = 403, Code = 100, Message = "Not enough permissions to access: dmpSegments" });

        var outcome = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);

        var reason = Assert.IsType<DeliveryOutcome.Failed>(outcome).Reason;
        Assert.Contains("Not enough permissions to access: dmpSegments", reason, StringComparison.Ordinal);
        Assert.Contains("service error 100", reason, StringComparison.Ordinal);
        Assert.Contains("rw_dmp_segments", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sunset_version_fails_naming_the_setting()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider(version: "202401");

        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest("x", Core.Contract.AudienceType.Custom), CancellationToken.None);

        var reason = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem).Reason;
        Assert.Contains("HTTP 426", reason, StringComparison.Ordinal);
        Assert.Contains("LinkedInVersion 202401", reason, StringComparison.Ordinal);
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.TikTok;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.TikTok;

public sealed class TikTokDeliveryTests
{
    private static readonly AudienceUser[] Users =
    [
        new() { Email = " Sarah.Mason@Example.COM ", Phone = "+1 (650) 555-1212" },
        new() { Email = "only.email@example.org" },
        new() { Phone = "+44 20 7183 8750" },
        new() { EdgeTagId = "edge-without-email-or-phone" },
    ];

    [Fact]
    public async Task Adds_sha256_of_the_documented_email_and_phone_forms_and_skips_users_without_either()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var audience = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("vip", AudienceType.Custom), CancellationToken.None)).AudienceId!;

        var outcome = await provider.DeliverAsync(TikTokFixture.Work(audience, Users), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(3, counts.UsersSent);
        Assert.Equal(1, counts.UsersSkipped);
        Assert.Equal(1, counts.SkippedReasons["no_email_or_phone"]);
        // Email: trimmed, lower-cased; phone: E.164 digits without '+' (providers.md §2.5).
        Assert.Equal(
            new HashSet<string> { TikTokFixture.Sha256("sarah.mason@example.com"), TikTokFixture.Sha256("only.email@example.org") },
            env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Equal(
            new HashSet<string> { TikTokFixture.Sha256("16505551212"), TikTokFixture.Sha256("442071838750") },
            env.Emulator.Members(audience, "PHONE_SHA256"));
    }

    [Fact]
    public async Task Splits_a_batch_into_requests_of_at_most_MaxUsersPerRequest_rows()
    {
        await using var env = await TikTokFixture.StartAsync(new TikTokEmulatorOptions { MaxMappingRows = 2 });
        var provider = env.Provider(maxUsersPerRequest: 2);
        var audience = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("chunks", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        var users = Enumerable.Range(0, 5).Select(i => new AudienceUser { Email = $"user{i}@example.com" }).ToList();
        var session = new FakeSession();

        var outcome = await provider.DeliverAsync(TikTokFixture.Work(audience, users, session), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(3, counts.PlatformCounts["requests"]);
        Assert.Equal(users.Select(u => TikTokFixture.Sha256(u.Email!)).ToHashSet(), env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Equal([$"u:2:{audience}", $"u:4:{audience}"], session.Saves);
    }

    [Fact]
    public async Task A_retry_resumes_after_the_users_an_earlier_attempt_saved()
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider(maxUsersPerRequest: 2);
        var audience = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("resume", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        var users = Enumerable.Range(0, 4).Select(i => new AudienceUser { Email = $"user{i}@example.com" }).ToList();

        var outcome = await provider.DeliverAsync(TikTokFixture.Work(audience, users, new FakeSession($"u:2:{audience}")), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        Assert.Equal(users.Skip(2).Select(u => TikTokFixture.Sha256(u.Email!)).ToHashSet(), env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task More_rows_than_TikTok_takes_fails_and_names_the_setting()
    {
        await using var env = await TikTokFixture.StartAsync(new TikTokEmulatorOptions { MaxMappingRows = 2 });
        var provider = env.Provider(maxUsersPerRequest: 3);
        var audience = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("too_many", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        var users = Enumerable.Range(0, 3).Select(i => new AudienceUser { Email = $"user{i}@example.com" }).ToList();

        var outcome = await provider.DeliverAsync(TikTokFixture.Work(audience, users), CancellationToken.None);

        var failed = Assert.IsType<DeliveryOutcome.Failed>(outcome);
        Assert.Contains("40011", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("MaxUsersPerRequest", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_audience_that_does_not_exist_is_reported_gone()
    {
        await using var env = await TikTokFixture.StartAsync();

        var outcome = await env.Provider().DeliverAsync(TikTokFixture.Work("999", [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.Contains("40007", Assert.IsType<DeliveryOutcome.AudienceGone>(outcome).Reason, StringComparison.Ordinal);
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.LinkedIn;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Providers.Tests.LinkedIn;

public sealed class LinkedInDeliveryTests
{
    [Fact]
    public async Task The_segment_is_created_once_and_found_again_by_a_fresh_client()
    {
        await using var env = await LinkedInFixture.StartAsync();

        var created = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);
        var found = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        Assert.True(created.Created);
        Assert.False(found.Created);
        Assert.Equal(created.AudienceId, found.AudienceId);
        var segment = Assert.Single(env.Emulator.Segments(LinkedInFixture.Account));
        Assert.Equal((created.AudienceId, "blotout_vip", "blotout_vip", "USER", "TESTS"), (segment.Id, segment.Name, segment.SourceSegmentId, segment.Type, segment.SourcePlatform));
    }

    [Fact]
    public async Task The_finder_pages_past_other_segments_to_find_the_name()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var ids = new List<string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            ids.Add(await LinkedInFixture.SegmentAsync(provider, name));
        }

        Assert.Equal(ids[1], await LinkedInFixture.SegmentAsync(env.Provider(), "b"));
        Assert.Equal(3, env.Emulator.Segments(LinkedInFixture.Account).Count);
    }

    [Fact]
    public async Task Users_are_sent_as_sha256_emails_with_raw_names_and_country_and_users_without_email_are_skipped()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider);
        AudienceUser[] users =
        [
            new() { Email = " Jane Doe@Example.COM\t", FirstName = "  Jane ", LastName = "O'Brien", Country = "united kingdom" },
            new() { Email = "sam@example.org", FirstName = new string('x', 40) },
            new() { Phone = "+1 650 555 1212", FirstName = "No", LastName = "Email" },
            new() { FirstName = "Nothing" },
        ];

        var outcome = await provider.DeliverAsync(LinkedInFixture.Work(segment, users), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal((2, 2), (counts.UsersSent, counts.UsersSkipped));
        Assert.Equal(1, counts.SkippedReasons["no_email"]);
        Assert.Equal(1, counts.SkippedReasons["no_identifier"]);
        Assert.Equal(0, counts.PlatformCounts["invalid_elements"]);
        Assert.Equal(
            new[]
            {
                new LinkedInMemberView("SHA256_EMAIL", LinkedInFixture.Sha256("janedoe@example.com"), "Jane", "O'Brien", "GB"),
                new LinkedInMemberView("SHA256_EMAIL", LinkedInFixture.Sha256("sam@example.org"), new string('x', 35), null, null),
            }.OrderBy(m => m.IdValue),
            env.Emulator.Members(segment).OrderBy(m => m.IdValue));
    }

    [Fact]
    public async Task A_batch_is_cut_into_requests_of_at_most_max_users_and_a_retry_resumes_after_saved_chunks()
    {
        await using var env = await LinkedInFixture.StartAsync(new LinkedInEmulatorOptions { ReadinessDelay = TimeSpan.Zero, MaxElements = 2 });
        var provider = env.Provider(maxUsersPerRequest: 2);
        var segment = await LinkedInFixture.SegmentAsync(provider);
        var session = new FakeSession(savedState: "1");

        var outcome = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("a", "b", "c", "d", "e"), session), CancellationToken.None);

        Assert.Equal(2, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["requests"]);
        Assert.Equal(LinkedInFixture.Hashes("c", "d", "e"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
        Assert.Equal(["2"], session.Saves);
    }

    [Fact]
    public async Task A_segment_that_is_not_ready_yet_is_a_short_retry_that_then_succeeds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var env = await LinkedInFixture.StartAsync(new LinkedInEmulatorOptions(), clock);
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider);

        var early = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        var later = await provider.DeliverAsync(LinkedInFixture.Work(segment, LinkedInFixture.Users("ann")), CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(early);
        Assert.Equal(TimeSpan.FromSeconds(5), retry.After);
        Assert.True(retry.Throttled);
        Assert.Contains("not ready", retry.Reason, StringComparison.Ordinal);
        Assert.IsType<DeliveryOutcome.Succeeded>(later);
        Assert.Equal(LinkedInFixture.Hashes("ann"), env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
    }

    [Fact]
    public async Task A_segment_that_no_longer_exists_fails_the_delivery()
    {
        await using var env = await LinkedInFixture.StartAsync();

        var outcome = await env.Provider().DeliverAsync(LinkedInFixture.Work("999", LinkedInFixture.Users("ann")), CancellationToken.None);

        Assert.Contains("no longer exists", Assert.IsType<DeliveryOutcome.Failed>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pre_hashed_email_in_upper_case_is_sent_as_the_lower_case_hex_linkedin_requires()
    {
        await using var env = await LinkedInFixture.StartAsync();
        var provider = env.Provider();
        var segment = await LinkedInFixture.SegmentAsync(provider);
        var upper = new string('A', 64); // the emulator refuses anything but 64 lower-case hex characters

        var outcome = await provider.DeliverAsync(LinkedInFixture.Work(segment, [new AudienceUser { Email = upper }, new AudienceUser { Email = "ok@example.com" }]), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(0, counts.PlatformCounts["invalid_elements"]);
        Assert.Equal(new HashSet<string> { new('a', 64), LinkedInFixture.Sha256("ok@example.com") }, env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.TikTok;

public sealed class TikTokFidelityTests
{
    [Fact]
    public async Task Finding_by_name_passes_over_same_named_audiences_that_are_not_partner_audiences()
    {
        await using var env = await TikTokFixture.StartAsync();
        var partner = env.Emulator.SeedAudience(TikTokFixture.Advertiser, "vip");
        env.Emulator.SeedAudience(TikTokFixture.Advertiser, "vip", "Customer File");
        env.Emulator.SeedAudience(TikTokFixture.Advertiser, "vip", "Lookalike");
        var provider = env.Provider();

        var found = await provider.FindOrCreateAudienceAsync(new AudienceRequest("vip", AudienceType.Custom), CancellationToken.None);
        var outcome = await provider.DeliverAsync(TikTokFixture.Work(found.AudienceId!, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.Equal(partner, found.AudienceId);
        Assert.False(found.Created);
        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
    }

    [Fact]
    public async Task Only_other_kinds_of_the_name_means_a_partner_audience_is_created()
    {
        await using var env = await TikTokFixture.StartAsync();
        var file = env.Emulator.SeedAudience(TikTokFixture.Advertiser, "vip", "Customer File");

        var found = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("vip", AudienceType.Custom), CancellationToken.None);

        Assert.True(found.Created);
        Assert.NotEqual(file, found.AudienceId);
    }

    [Fact]
    public async Task A_retry_with_a_smaller_request_size_resumes_at_the_next_user_and_skips_no_one()
    {
        await using var env = await TikTokFixture.StartAsync();
        var audience = env.Emulator.SeedAudience(TikTokFixture.Advertiser, "resume");
        var users = Enumerable.Range(1, 5).Select(i => new AudienceUser { Email = $"user{i}@example.com" }).ToList();
        var session = new FakeSession();
        using var broken = new HttpClient(new RequestBreaker(HttpMethod.Post, "segment/mapping", breakAt: 2));

        // Two users a request: the first request goes, the second never arrives.
        var first = await env.Provider(maxUsersPerRequest: 2, http: broken).DeliverAsync(TikTokFixture.Work(audience, users, session), CancellationToken.None);
        Assert.IsType<DeliveryOutcome.Retry>(first);

        // The operator lowered nothing and raised the size to three: the retry sends users 3 to 5 in one request.
        var second = await env.Provider(maxUsersPerRequest: 3).DeliverAsync(TikTokFixture.Work(audience, users, session), CancellationToken.None);

        Assert.Equal(1, Assert.IsType<DeliveryOutcome.Succeeded>(second).Counts.PlatformCounts["requests"]);
        Assert.Equal(users.Select(u => TikTokFixture.Sha256(u.Email!)).ToHashSet(), env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task An_audience_deleted_at_TikTok_is_reported_gone()
    {
        await using var env = await TikTokFixture.StartAsync();
        var audience = env.Emulator.SeedAudience(TikTokFixture.Advertiser, "gone");
        Assert.True(env.Emulator.DeleteAudience(audience));

        var outcome = await env.Provider().DeliverAsync(TikTokFixture.Work(audience, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.Contains("40007", Assert.IsType<DeliveryOutcome.AudienceGone>(outcome).Reason, StringComparison.Ordinal);
    }

    // TikTok's list of supported IDs and formats for a customer file: the +tag goes from emails, phones are the
    // country code and number without "+" ("374-93-828222" → 37493828222, hashed 65b7e6dc…22d4 on TikTok's page).
    // Digests computed with `printf '%s' value | sha256sum`.
    [Fact]
    public async Task Emails_and_phones_reach_TikTok_as_its_customer_file_page_documents()
    {
        await using var env = await TikTokFixture.StartAsync();
        var audience = env.Emulator.SeedAudience(TikTokFixture.Advertiser, "documented");
        AudienceUser[] users =
        [
            new() { Email = " FirstName-LastName+Promo@Gmail.com ", Phone = "374-93-828222" },
            new() { Email = "janedoe@gmail.com", Phone = "(657)777-0000", Country = "US" },
        ];

        var outcome = await env.Provider().DeliverAsync(TikTokFixture.Work(audience, users), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        Assert.Equal(
            new HashSet<string>
            {
                "a804429cec3b5d3884b9dffe96a584205842c6f42863c51a049027f803945e34", // firstname-lastname@gmail.com
                "d6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69", // janedoe@gmail.com
            },
            env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Equal(
            new HashSet<string>
            {
                "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4", // 37493828222
                "8d7bdaaf75196f351d22942fc0dd79304ffabc3eaf3339460ef9da0773e3aec2", // 16577770000
            },
            env.Emulator.Members(audience, "PHONE_SHA256"));
    }
}

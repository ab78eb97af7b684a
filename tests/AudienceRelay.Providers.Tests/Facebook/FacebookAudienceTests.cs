using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookAudienceTests
{
    [Fact]
    public async Task Finds_an_existing_audience_on_a_later_page()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var target = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_vip");
        for (var i = 0; i < 450; i++)
        {
            bed.Emulator.SeedAudience(MetaTestbed.AccountId, $"other_{i}");
        }

        var resolution = await bed.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        Assert.Equal(target, resolution.AudienceId);
        Assert.False(resolution.Created);

        // Newest first, 200 a page: the oldest audience is on the third page, and nothing was created.
        var calls = bed.Emulator.Requests.Where(r => r.Path.EndsWith("/customaudiences", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal("GET", c.Method));
        Assert.Equal(451, bed.Emulator.Audiences(MetaTestbed.AccountId).Count);
    }

    [Fact]
    public async Task Token_travels_in_the_authorization_header_only()
    {
        await using var bed = await MetaTestbed.StartAsync();
        for (var i = 0; i < 250; i++)
        {
            bed.Emulator.SeedAudience(MetaTestbed.AccountId, $"other_{i}");
        }

        await bed.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_new", AudienceType.Custom), CancellationToken.None);

        Assert.Equal(3, bed.Tap.Requests.Count);
        Assert.All(bed.Tap.Requests, r => Assert.Equal("Bearer " + MetaTestbed.Token, r.Authorization));
        Assert.All(bed.Tap.Requests, r => Assert.DoesNotContain(MetaTestbed.Token, r.Query, StringComparison.Ordinal));
        Assert.All(bed.Tap.Requests, r => Assert.DoesNotContain(MetaTestbed.Token, r.Body ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Creates_a_customer_file_audience_when_no_name_matches_exactly()
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.SeedAudience(MetaTestbed.AccountId, "BLOTOUT_VIP");
        bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_vip ");
        var provider = bed.Provider();

        var created = await provider.FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Primary), CancellationToken.None);

        Assert.True(created.Created);
        var audience = bed.Emulator.Audience(created.AudienceId!);
        Assert.NotNull(audience);
        Assert.Equal("blotout_vip", audience.Name);
        Assert.Equal("CUSTOM", audience.Subtype);
        Assert.Equal("USER_PROVIDED_ONLY", audience.CustomerFileSource);
        Assert.Equal(3, bed.Emulator.Audiences(MetaTestbed.AccountId).Count);

        // Asked again (say, after a restart lost the remembered id), the same audience is found, not a second one made.
        var again = await provider.FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Primary), CancellationToken.None);
        Assert.Equal(created.AudienceId, again.AudienceId);
        Assert.False(again.Created);
        Assert.Equal(3, bed.Emulator.Audiences(MetaTestbed.AccountId).Count);
    }

    [Fact]
    public async Task Customer_file_source_and_value_based_settings_shape_the_create()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var provider = bed.Provider(extra: [("CustomerFileSource", "BOTH_USER_AND_PARTNER_PROVIDED"), ("ValueBased", "true")]);

        var created = await provider.FindOrCreateAudienceAsync(new AudienceRequest("blotout_ltv", AudienceType.Custom), CancellationToken.None);

        Assert.Equal("BOTH_USER_AND_PARTNER_PROVIDED", bed.Emulator.Audience(created.AudienceId!)!.CustomerFileSource);
        var post = Assert.Single(bed.Tap.Requests, r => r.Method == "POST");
        Assert.Contains("\"is_value_based\":true", post.Body, StringComparison.Ordinal);
        Assert.Contains("\"subtype\":\"CUSTOM\"", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_token_makes_the_audience_unavailable_for_good()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var provider = bed.Provider(extra: [("AccessToken", "revoked-token-123")]);

        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        Assert.Null(resolution.AudienceId);
        var failed = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem);
        Assert.StartsWith("Meta error 190:", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-token-123", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throttled_listing_is_retried_later()
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, Code = 80003, PathContains = "customaudiences", RetryAfterSeconds = 600 });

        var resolution = await bed.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(resolution.Problem);
        Assert.True(retry.Throttled);
        Assert.Equal(TimeSpan.FromMinutes(10), retry.After);
        Assert.Empty(bed.Emulator.Audiences(MetaTestbed.AccountId));
    }

    [Fact]
    public async Task App_secret_proof_is_sent_on_every_call_including_followed_pages()
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.AddAccessToken(MetaTestbed.Token, "app-secret-42", requireAppSecretProof: true);
        var target = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_vip");
        for (var i = 0; i < 210; i++)
        {
            bed.Emulator.SeedAudience(MetaTestbed.AccountId, $"other_{i}");
        }

        var withProof = await bed.Provider(extra: [("AppSecret", "app-secret-42")])
            .FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);
        var withoutProof = await bed.Provider()
            .FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        Assert.Equal(target, withProof.AudienceId);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("app-secret-42"u8, System.Text.Encoding.UTF8.GetBytes(MetaTestbed.Token)));
        Assert.All(bed.Tap.Requests.Take(2), r => Assert.Contains("appsecret_proof=" + expected, r.Query, StringComparison.Ordinal));
        Assert.StartsWith("Meta error 100:", Assert.IsType<DeliveryOutcome.Failed>(withoutProof.Problem).Reason, StringComparison.Ordinal);
    }
}

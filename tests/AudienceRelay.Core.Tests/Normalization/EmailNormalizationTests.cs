using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Expected digests were computed with `printf '%s' value | sha256sum`, never with the code under test.
public sealed class EmailNormalizationTests
{
    [Theory]
    [InlineData(" John.Doe@Example.COM ", "john.doe@example.com", "836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f")]
    [InlineData("JANE@EXAMPLE.COM", "jane@example.com", "8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d")]
    [InlineData("john doe@example.com", "johndoe@example.com", "55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149")]
    [InlineData("\tuser@example.org\r\n", "user@example.org", "d159ef624ed86697b4f1f3ff086aacddfdfd42d463a8003694f775e1e2d95e2c")]
    [InlineData("ÜNÏCODE@Example.com", "ünïcode@example.com", "96cc00c8f00c5fd7d12d27f70b09e7585ab05af5714f02b0b72074900fa293b5")]
    public void Email_is_trimmed_lower_cased_and_hashed_the_same_for_every_hashing_platform(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });
        var cache = new HashCache();

        Assert.Equal(normalized, keys.Email);
        Assert.False(keys.EmailIsHashed);
        Assert.Equal(normalized, MetaIdentity.NormalizeEmail(input));
        Assert.Equal(normalized, TikTokIdentity.NormalizeEmail(input));
        Assert.Equal(normalized, SnapchatIdentity.NormalizeEmail(input));
        Assert.Equal(normalized, LinkedInIdentity.NormalizeEmail(input));
        Assert.Equal(normalized, GoogleIdentity.NormalizeEmail(input));
        Assert.Equal(sha256, MetaIdentity.Email(keys, cache));
        Assert.Equal(sha256, GoogleIdentity.HashedEmail(keys, cache));
        Assert.Equal(sha256, TikTokIdentity.EmailSha256(keys, cache));
        Assert.Equal(sha256, SnapchatIdentity.EmailSha256(keys, cache));
        Assert.Equal(sha256, LinkedInIdentity.Sha256Email(keys, cache));
        Assert.Equal(1, cache.Count);
    }

    [Theory]
    [InlineData("john")]
    [InlineData("@example.com")]
    [InlineData("john@")]
    [InlineData("  @  ")]
    public void Email_without_text_on_both_sides_of_at_is_dropped_and_counted(string input)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input, EdgeTagId = "edge-1" });

        Assert.Null(keys.Email);
        Assert.Equal(FieldDrops.EmailInvalid, keys.Drops);
        Assert.Null(MetaIdentity.Email(keys, new HashCache()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Empty_email_is_absent_not_dropped(string? input)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Null(keys.Email);
        Assert.Equal(FieldDrops.None, keys.Drops);
    }

    [Theory]
    [InlineData("J.O.H.N+shop@gmail.com", false, false, "j.o.h.n+shop@gmail.com", "da2957735e8e1d1f9bf51d6f6645d02c7e0fbfc96473ed53d4dfd1a06129e2f7")]
    [InlineData("J.O.H.N+shop@gmail.com", true, false, "john+shop@gmail.com", "5b7c382eb1c108f33fadf316a994331a3e406b8e6dc5455287db1d8324f785bb")]
    [InlineData("J.O.H.N+shop@gmail.com", true, true, "john@gmail.com", "142d78e466cacab37c3751a6ba0d288ce40db609ce9c49617ea6b24665f1aa9c")]
    [InlineData("jane.doe@googlemail.com", true, false, "janedoe@googlemail.com", "338abf9ef1c8793cadc7bcf51ed595338eb727ed9e06ce3d91d566d60b975937")]
    [InlineData("john.doe@example.com", true, true, "john.doe@example.com", "836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f")]
    public void Google_gmail_rewrites_apply_only_when_enabled_and_only_to_gmail(string input, bool dots, bool plus, string normalized, string sha256)
    {
        var options = new GoogleIdentityOptions { RemoveGmailDots = dots, RemoveGmailPlusSuffix = plus };
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal(normalized, GoogleIdentity.NormalizeEmail(input, options));
        Assert.Equal(sha256, GoogleIdentity.HashedEmail(keys, new HashCache(), options));
    }

    [Fact]
    public void Google_gmail_rewrites_are_on_by_default()
    {
        Assert.True(GoogleIdentityOptions.Default.RemoveGmailDots);
        Assert.True(GoogleIdentityOptions.Default.RemoveGmailPlusSuffix);
        Assert.Equal("john@gmail.com", GoogleIdentity.NormalizeEmail("J.O.H.N+shop@gmail.com"));
        Assert.Equal("j.o.h.n+shop@example.com", GoogleIdentity.NormalizeEmail("J.O.H.N+shop@example.com"));
    }
}

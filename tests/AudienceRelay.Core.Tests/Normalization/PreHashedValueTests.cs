using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// The digests are SHA-256 of john.doe@example.com, 16505551212, john and doe (checked with sha256sum).
public sealed class PreHashedValueTests
{
    private const string EmailDigestUpper = "836F82DB99121B3481011F16B49DFA5FBC714A0D1B1B9F784A1EBBBF5B39577F";
    private const string PhoneDigestUpper = "E323EC626319CA94EE8BFF2E4C87CF613BE6EA19919ED1364124E16807AB3176";
    private const string FirstDigestUpper = "96D9632F363564CC3032521409CF22A852F2032EEC099ED5967C0D000CEC607A";
    private const string LastDigestUpper = "799EF92A11AF918E3FB741DF42934F3B568ED2D93AC1DF74F1B8D41A27932A6F";

    [Fact]
    public void Upper_case_digests_pass_through_lower_cased_to_every_hashing_platform()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser
        {
            Email = $"  {EmailDigestUpper} ",
            Phone = PhoneDigestUpper,
            FirstName = FirstDigestUpper,
            LastName = LastDigestUpper,
        });
        var cache = new HashCache();

        Assert.True(keys.EmailIsHashed && keys.PhoneIsHashed && keys.FirstNameIsHashed && keys.LastNameIsHashed);
        Assert.True(keys.IsUsable);
        var email = EmailDigestUpper.ToLowerInvariant();
        var phone = PhoneDigestUpper.ToLowerInvariant();
        Assert.Equal(email, MetaIdentity.Email(keys, cache));
        Assert.Equal(email, GoogleIdentity.HashedEmail(keys, cache, new GoogleIdentityOptions { RemoveGmailDots = true }));
        Assert.Equal(email, TikTokIdentity.EmailSha256(keys, cache));
        Assert.Equal(email, SnapchatIdentity.EmailSha256(keys, cache));
        Assert.Equal(email, LinkedInIdentity.Sha256Email(keys, cache));
        Assert.Equal(phone, MetaIdentity.Phone(keys, cache));
        Assert.Equal(phone, GoogleIdentity.HashedPhoneNumber(keys, cache));
        Assert.Equal(phone, TikTokIdentity.PhoneSha256(keys, cache));
        Assert.Equal(phone, SnapchatIdentity.PhoneSha256(keys, cache));
        Assert.Equal(FirstDigestUpper.ToLowerInvariant(), MetaIdentity.FirstName(keys, cache));
        Assert.Equal(LastDigestUpper.ToLowerInvariant(), GoogleIdentity.HashedLastName(keys, cache));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Digests_are_not_sent_where_the_platform_wants_raw_values()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser
        {
            Email = EmailDigestUpper,
            Phone = PhoneDigestUpper,
            FirstName = FirstDigestUpper,
            LastName = LastDigestUpper,
        });

        Assert.Null(KlaviyoIdentity.Email(keys));
        Assert.Null(KlaviyoIdentity.PhoneNumber(keys));
        Assert.Null(KlaviyoIdentity.FirstName(keys));
        Assert.Null(LinkedInIdentity.LastName(keys));
    }

    [Fact]
    public void Detection_runs_before_normalization_so_a_64_digit_value_is_not_read_as_a_phone()
    {
        var digits = string.Concat(Enumerable.Repeat("1234567890", 7))[..64];

        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = digits });

        Assert.True(keys.PhoneIsHashed);
        Assert.Equal(digits, keys.PhoneE164);
    }

    [Theory]
    [InlineData("836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577")] // 63 hex
    [InlineData("836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577ff")] // 65 hex
    [InlineData("x836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f")] // contains 64 hex
    [InlineData("836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577g")] // not hex
    public void Only_exactly_64_hex_characters_count_as_a_digest(string value)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = value, Phone = value, FirstName = value });

        Assert.False(keys.EmailIsHashed || keys.PhoneIsHashed || keys.FirstNameIsHashed);
        Assert.Null(keys.Email);
        Assert.Null(keys.PhoneE164);
    }

    [Fact]
    public void A_digest_inside_an_email_address_is_an_ordinary_address()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "X@836F82DB99121B3481011F16B49DFA5FBC714A0D1B1B9F784A1EBBBF5B39577F" });

        Assert.False(keys.EmailIsHashed);
        Assert.Equal("d9c0795684dd21c65f76321977655c1e56667863ab71183cc8cec0a9cd8f8381", MetaIdentity.Email(keys, new HashCache()));
    }
}

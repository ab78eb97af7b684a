using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

/// <summary>
/// LinkedIn's SHA256_EMAIL: every whitespace removed, lower-cased, nothing else rewritten (no gmail dots, no +tag), then
/// SHA-256 as lower-case hex (https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-users,
/// docs/providers/linkedin.md). Each digest checked with <c>printf '%s' 'value' | sha256sum</c>.
/// </summary>
public sealed class LinkedInIdentityTests
{
    [Theory]
    [InlineData(" John Doe@Example.com\t", "johndoe@example.com", "55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149")]
    [InlineData("  Jane.Doe@Example.COM ", "jane.doe@example.com", "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d")]
    [InlineData("\tA @ B.co\n", "a@b.co", "80305c9bb1bb2480e03894350e0a8a366dcbdeb302e69e0817aa0743abd77054")]
    [InlineData("First.Last+Tag@Gmail.com", "first.last+tag@gmail.com", "a3997a3fbbd1a0839c1eb9240489103ddc167f6b5cfa1c429c48ff2190346a4f")]
    [InlineData("JOS\u00C9@Example.com", "jos\u00e9@example.com", "b0a53cf19e34d05b57bced7365c6b00ddbe38d62957e863de2a66a56c3b42cea")]
    [InlineData("\u00A0ann@example.com\u2003", "ann@example.com", "71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476")]
    public void Sha256_email_removes_all_whitespace_and_lower_cases_before_hashing(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal(normalized, LinkedInIdentity.NormalizeEmail(input));
        Assert.Equal(sha256, LinkedInIdentity.Sha256Email(keys, new HashCache()));
    }

    [Fact]
    public void Names_and_country_go_raw_names_cut_at_35_and_absent_fields_stay_absent()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "a@b.co", FirstName = "  Mary   Ann ", LastName = new string('z', 36), Country = "Deutschland" });
        var bare = IdentityNormalizer.Normalize(new AudienceUser { Email = "a@b.co" });

        Assert.Equal("Mary Ann", LinkedInIdentity.FirstName(keys));
        Assert.Equal(new string('z', 35), LinkedInIdentity.LastName(keys));
        Assert.Equal("DE", LinkedInIdentity.Country(keys));
        Assert.Null(LinkedInIdentity.FirstName(bare));
        Assert.Null(LinkedInIdentity.LastName(bare));
        Assert.Null(LinkedInIdentity.Country(bare));
    }

    [Fact]
    public void No_email_means_no_sha256_email_even_with_a_phone()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = "+1 650 555 1212", FirstName = "Ann" });

        Assert.Null(LinkedInIdentity.Sha256Email(keys, new HashCache()));
    }
}

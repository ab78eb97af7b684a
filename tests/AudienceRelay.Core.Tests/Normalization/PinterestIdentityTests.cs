using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Pinterest: "Emails must be lowercase and can be plain text or hashed using SHA1, SHA256, or MD5" (v5 OpenAPI,
// CustomerListRequest.records). Expected digests computed with `printf '%s' value | sha256sum`.
public sealed class PinterestIdentityTests
{
    private const string Ann = "71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476";

    [Theory]
    [InlineData(" Ann@Example.COM ")]
    [InlineData("ANN@EXAMPLE.COM")]
    [InlineData("ann@example.com")]
    public void A_record_is_the_lower_case_sha256_of_the_trimmed_lower_cased_email(string input)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal("ann@example.com", PinterestIdentity.NormalizeEmail(input));
        Assert.Equal(Ann, PinterestIdentity.EmailSha256(keys, new HashCache()));
    }

    [Fact]
    public void An_upper_case_digest_is_passed_through_lower_cased_and_no_email_gives_no_record()
    {
        var hashed = IdentityNormalizer.Normalize(new AudienceUser { Email = Ann.ToUpperInvariant() });
        var phoneOnly = IdentityNormalizer.Normalize(new AudienceUser { Phone = "+16505551212" });

        Assert.Equal(Ann, PinterestIdentity.EmailSha256(hashed, new HashCache()));
        Assert.Null(PinterestIdentity.EmailSha256(phoneOnly, new HashCache()));
    }
}

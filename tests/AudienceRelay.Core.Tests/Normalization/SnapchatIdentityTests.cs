using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Snap's normalizing rules (https://developers.snap.com/api/marketing-api/Conversions-API/BestPractices, the same as
// marketingapi.snapchat.com #normalizing-hashing): email trimmed and lower-cased; phone with the country code, digits
// only, no "+", no leading "00", no trunk "0". Expected digests computed with `printf '%s' value | sha256sum`.
public sealed class SnapchatIdentityTests
{
    private const string Us17067675127 = "2fd199db6d3fa9fe754886ff1822f2867fcb104a6639495eca25c2978efe4ed4";
    private const string Gb442071838750 = "8d5f937f3a5590634cbe975951a6aa1543170671ce6e73cce4062f4e8c288417";
    private const string De4915112345678 = "8efb96404be52f6109b9db0f687274a81e9e3cc23fabd6f0da5d38baa3d2facd";

    [Theory]
    [InlineData("  Test.User@Example.COM ", "test.user@example.com", "a97d7a4513204a9cc7cb2f11d72d41a59b18d1ba633d22e58d53c625518f5203")]
    [InlineData("TEST.USER@EXAMPLE.COM", "test.user@example.com", "a97d7a4513204a9cc7cb2f11d72d41a59b18d1ba633d22e58d53c625518f5203")]
    public void Email_is_trimmed_lower_cased_then_hashed(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal(normalized, SnapchatIdentity.NormalizeEmail(input));
        Assert.Equal(sha256, SnapchatIdentity.EmailSha256(keys, new HashCache()));
    }

    // The three forms Snap's guide treats as one number (country code 1), and the orders of zero-stripping a peer gets wrong:
    // stripping leading zeros before removing non-digits keeps the zeros of "+0044" and "(0044)"; stripping them after
    // dropping the "+" but without a country code turns "020 7183 8750" into "2071838750".
    [Theory]
    [InlineData("+1(706)-767-5127", null, "17067675127", Us17067675127)]
    [InlineData("001(706)-767-5127", null, "17067675127", Us17067675127)]
    [InlineData("1 (706) 767-5127", "US", "17067675127", Us17067675127)]
    [InlineData("(706) 767-5127", "US", "17067675127", Us17067675127)]
    [InlineData("+0044 20 7183 8750", null, "442071838750", Gb442071838750)]
    [InlineData("0044 (0)20 7183 8750", null, "442071838750", Gb442071838750)]
    [InlineData("(0044) 20 7183 8750", "GB", "442071838750", Gb442071838750)]
    [InlineData("020 7183 8750", "GB", "442071838750", Gb442071838750)]
    [InlineData("+44 020 7183 8750", null, "442071838750", Gb442071838750)]
    [InlineData("0151 12345678", "DE", "4915112345678", De4915112345678)]
    [InlineData("+49 (0) 151 1234 5678", null, "4915112345678", De4915112345678)]
    public void Phone_is_country_code_and_number_digits_only_whatever_the_zeros(string input, string? country, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Equal(normalized, SnapchatIdentity.NormalizePhone(input, country));
        Assert.Equal(sha256, SnapchatIdentity.PhoneSha256(keys, new HashCache()));
    }

    [Theory]
    [InlineData("+0000000000", null)]
    [InlineData("00", null)]
    [InlineData("0", "GB")]
    [InlineData("2071838750", null)]
    public void A_phone_that_is_only_zeros_or_has_no_country_is_not_sent(string input, string? country)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Null(SnapchatIdentity.NormalizePhone(input, country));
        Assert.Null(SnapchatIdentity.PhoneSha256(keys, new HashCache()));
    }
}

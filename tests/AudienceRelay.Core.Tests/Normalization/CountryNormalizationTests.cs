using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Expected digests were computed with `printf '%s' value | sha256sum`, never with the code under test.
public sealed class CountryNormalizationTests
{
    private const string Us = "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621";
    private const string Gb = "0b407281768f0e833afef47ed464b6571d01ca4d53c12ce5c51d1462f4ad6677";

    [Theory]
    [InlineData("US", "US", "us", Us)]
    [InlineData(" us ", "US", "us", Us)]
    [InlineData("USA", "US", "us", Us)]
    [InlineData("usa", "US", "us", Us)]
    [InlineData("United States", "US", "us", Us)]
    [InlineData("united states of america", "US", "us", Us)]
    [InlineData("U.S.", "US", "us", Us)]
    [InlineData("U.S.A.", "US", "us", Us)]
    [InlineData("gbr", "GB", "gb", Gb)]
    [InlineData("GB", "GB", "gb", Gb)]
    [InlineData("UK", "GB", "gb", Gb)]
    [InlineData("United Kingdom", "GB", "gb", Gb)]
    [InlineData("great britain", "GB", "gb", Gb)]
    [InlineData("CAN", "CA", "ca", "6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126")]
    [InlineData("France", "FR", "fr", "67ad8f41a7bb0a18c45f3efd8f6a32bdcd832bcf8f3f2eb44006c03d53076e18")]
    public void Country_becomes_alpha2_raw_for_Google_and_hashed_lower_case_for_Meta(string input, string alpha2, string metaNormalized, string metaSha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Country = input });

        Assert.Equal(alpha2, keys.CountryCode);
        Assert.Equal(alpha2, GoogleIdentity.CountryCode(keys));
        Assert.Equal(alpha2, GoogleIdentity.NormalizeCountryCode(input));
        Assert.Equal(alpha2, KlaviyoIdentity.Country(keys));
        Assert.Equal(alpha2, LinkedInIdentity.Country(keys));
        Assert.Equal(metaNormalized, MetaIdentity.NormalizeCountry(input));
        Assert.Equal(metaSha256, MetaIdentity.Country(keys, new HashCache()));
    }

    [Theory]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("Cote d\u2019Ivoire", "CI")]
    [InlineData("Ivory Coast", "CI")]
    [InlineData("The Netherlands", "NL")]
    [InlineData("Türkiye", "TR")]
    [InlineData("Turkey", "TR")]
    [InlineData("Korea, Republic of", "KR")]
    [InlineData("South Korea", "KR")]
    [InlineData("Bosnia & Herzegovina", "BA")]
    [InlineData("Guinea-Bissau", "GW")]
    [InlineData("deu", "DE")]
    [InlineData("Deutschland", "DE")]
    [InlineData("Åland Islands", "AX")]
    [InlineData("Aland Islands", "AX")]
    public void Country_names_match_regardless_of_accents_case_and_punctuation(string input, string alpha2)
    {
        Assert.Equal(alpha2, GoogleIdentity.NormalizeCountryCode(input));
    }

    [Theory]
    [InlineData("Narnia")]
    [InlineData("XX")]
    [InlineData("ZZZ")]
    [InlineData("U")]
    public void Unknown_country_is_dropped_and_counted(string input)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Country = input, EdgeTagId = "e" });

        Assert.Null(keys.CountryCode);
        Assert.Equal(FieldDrops.CountryUnknown, keys.Drops);
        Assert.Equal("", MetaIdentity.Row(keys, new HashCache(), includeLookalikeValue: false)[4]);
    }

    [Fact]
    public void Every_assigned_alpha2_code_resolves_to_itself()
    {
        // 249 officially assigned ISO 3166-1 codes plus the widely used XK (Kosovo).
        Assert.Equal(250, CountryRules.Codes.Count);
        foreach (var code in CountryRules.Codes)
        {
            Assert.Equal(code, GoogleIdentity.NormalizeCountryCode(code.ToLowerInvariant()));
        }
    }
}

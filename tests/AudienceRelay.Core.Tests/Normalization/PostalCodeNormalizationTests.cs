using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Expected digests were computed with `printf '%s' value | sha256sum`, never with the code under test.
public sealed class PostalCodeNormalizationTests
{
    private const string Zip90210 = "b83c588da0c6931625f42e0948054a3ade722bfd02c27816305742ed7390ac6c";

    [Theory]
    [InlineData("90210-1234", "US", "90210", "90210", Zip90210)]
    [InlineData("90210", "US", "90210", "90210", Zip90210)]
    [InlineData("902101234", "US", "90210", "90210", Zip90210)]
    [InlineData(" 90210 1234 ", "United States", "90210", "90210", Zip90210)]
    [InlineData("SW1A 1AA", "GB", "SW1A1AA", "sw1a1aa", "830e1d4b9838bab1f5c2acdb23e0b502ff13a9832c4632e8d67a1d43d3b7f614")]
    [InlineData("sw1a1aa", "UK", "SW1A1AA", "sw1a1aa", "830e1d4b9838bab1f5c2acdb23e0b502ff13a9832c4632e8d67a1d43d3b7f614")]
    [InlineData("K1A 0B1", "CA", "K1A0B1", "k1a0b1", "3e8d74314dc02166b1ea8c7bd8c2357fb3f9898074395b8c57f8799848b4daa1")]
    [InlineData("k1a-0b1", "Canada", "K1A0B1", "k1a0b1", "3e8d74314dc02166b1ea8c7bd8c2357fb3f9898074395b8c57f8799848b4daa1")]
    [InlineData("1012 ab", "NL", "1012 AB", "1012ab", "4eae493e6faa833589c87de609450298d15d3a344685a821ecb61d385f97e090")]
    [InlineData("10115", "DE", "10115", "10115", "ac7bb74de6884ffce919c15fef4193749d4588026c643973946713ac46da540d")]
    [InlineData("01310-100", "BR", "01310-100", "01310-100", "92e857e593196b87f8f7b369c2f9098096d371d8b9db5c5b34c0e4a426bae9b5")]
    [InlineData("90210-1234", null, "90210-1234", "90210-1234", "1fd794e670cc4ea27fbfce9bcdd7d3d0068a8a022aaa57de85456e9450e145b2")]
    public void Postal_code_is_shaped_per_country_raw_for_Google_and_hashed_for_Meta(string input, string? country, string canonical, string metaNormalized, string metaSha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { PostalCode = input, Country = country });

        Assert.Equal(canonical, keys.PostalCode);
        Assert.Equal(canonical, GoogleIdentity.PostalCode(keys));
        Assert.Equal(canonical, GoogleIdentity.NormalizePostalCode(input, country));
        Assert.Equal(canonical, KlaviyoIdentity.Zip(keys));
        Assert.Equal(metaNormalized, MetaIdentity.NormalizeZip(input, country));
        Assert.Equal(metaSha256, MetaIdentity.Zip(keys, new HashCache()));
    }

    [Theory]
    [InlineData("9021", "US")]
    [InlineData("ABCDE", "US")]
    [InlineData("90210-12", "US")]
    [InlineData("K1A 0B", "CA")]
    [InlineData("1A1 A1A", "CA")]
    [InlineData("123", "GB")]
    [InlineData("#1234", null)]
    [InlineData("a", null)]
    [InlineData("12345678901234567890", null)]
    public void Postal_code_that_fits_no_shape_is_dropped_and_counted(string input, string? country)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { PostalCode = input, Country = country, EdgeTagId = "e" });

        Assert.Null(keys.PostalCode);
        Assert.Equal(FieldDrops.PostalCodeInvalid, keys.Drops);
        Assert.Null(MetaIdentity.NormalizeZip(input, country));
    }
}

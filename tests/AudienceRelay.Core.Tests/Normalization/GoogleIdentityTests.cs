using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

/// <summary>
/// Google Customer Match identifiers for the examples in Google's own documents (Customer Match page, the
/// UserIdentifier and OfflineUserAddressInfo references, the Data Manager formatting guide, the Google Ads API
/// team's E.164 answer). Expected digests were computed with <c>printf '%s' value | sha256sum</c>.
/// </summary>
public sealed class GoogleIdentityTests
{
    [Theory]
    [InlineData(" Customer@Example.com ", "customer@example.com", "e233d4a29013e9d87150c6237c6777bedf379ebf1acdc5d6126fec7e8bb74fb5")]
    [InlineData("TEST@gmail.com", "test@gmail.com", "87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674")]
    [InlineData("dana@example.com", "dana@example.com", "07e2f1394b0ea80e2adca010ea8318df697001a005ba7452720edda4b0ce57b3")]
    public void Email_is_trimmed_and_lower_cased_then_hashed(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal(normalized, GoogleIdentity.NormalizeEmail(input));
        Assert.Equal(sha256, GoogleIdentity.HashedEmail(keys, new HashCache()));
    }

    // Data Manager formatting guide: gmail.com/googlemail.com addresses lose their local-part dots and +suffix (the
    // Customer Match page accepts either form); the options can turn the rewrite off.
    [Fact]
    public void Gmail_dots_are_removed_by_default_and_kept_only_when_asked()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "J.O.H.N@gmail.com" });

        Assert.Equal("142d78e466cacab37c3751a6ba0d288ce40db609ce9c49617ea6b24665f1aa9c", GoogleIdentity.HashedEmail(keys, new HashCache()));
        Assert.Equal(
            "6e40ce239d40ae2d17ae2be97c08125e7444b315e9e16d2090d660a8a0cc39ad",
            GoogleIdentity.HashedEmail(keys, new HashCache(), new GoogleIdentityOptions { RemoveGmailDots = false }));
    }

    [Theory]
    [InlineData("(800)555-0100", "US", "+18005550100", "fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30")]
    [InlineData("+1 212 565 0000", null, "+12125650000", "d360a79e746532a6a1e7b8164440b04cdd8797e23126f7a4de7a4b67fdcdba98")]
    [InlineData("020 7031 3000", "GB", "+442070313000", "f3d7e96c73fb0de1b66acfce541d7af758fbd4f3fa3af0ea4e10110000d3625e")]
    public void Phone_is_e164_with_the_plus_then_hashed(string input, string? country, string e164, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Equal(e164, GoogleIdentity.NormalizePhoneNumber(input, country));
        Assert.Equal(sha256, GoogleIdentity.HashedPhoneNumber(keys, new HashCache()));
    }

    [Fact]
    public void Address_names_are_hashed_country_and_postal_code_are_raw()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "customer@example.com", FirstName = " John ", LastName = "DOE", Country = "us", PostalCode = "10011" });
        var cache = new HashCache();

        Assert.Equal("96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a", GoogleIdentity.HashedFirstName(keys, cache));
        Assert.Equal("799ef92a11af918e3fb741df42934f3b568ed2d93ac1df74f1b8d41a27932a6f", GoogleIdentity.HashedLastName(keys, cache));
        Assert.Equal("US", GoogleIdentity.CountryCode(keys));
        Assert.Equal("10011", GoogleIdentity.PostalCode(keys));
    }

    [Theory]
    [InlineData("Zoë", "2752b88686847fa5c86f47b94ce652b7b3f22a91c37617d451a4db9afa431450")]
    [InlineData("PÉREZ", "6654977d57dddd3c0329ca741b109ef6cd6430bedd00008aad213df25683d77f")]
    [InlineData("Smith-Jones", "6a77f47e3dec33252edbebb457d65e90501b643806c50cf8d6c3e2bd9cb74681")]
    public void Last_names_keep_accented_letters_and_lose_punctuation(string input, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { LastName = input, Email = "x@example.com" });

        Assert.Equal(sha256, GoogleIdentity.HashedLastName(keys, new HashCache()));
    }

    [Fact]
    public void A_pre_hashed_value_passes_through_lower_cased()
    {
        const string digest = "E233D4A29013E9D87150C6237C6777BEDF379EBF1ACDC5D6126FEC7E8BB74FB5";
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = digest, Phone = digest, LastName = digest });
        var cache = new HashCache();

        Assert.Equal(digest.ToLowerInvariant(), GoogleIdentity.HashedEmail(keys, cache));
        Assert.Equal(digest.ToLowerInvariant(), GoogleIdentity.HashedPhoneNumber(keys, cache));
        Assert.Equal(digest.ToLowerInvariant(), GoogleIdentity.HashedLastName(keys, cache));
        Assert.Equal(0, cache.Count);
    }
}

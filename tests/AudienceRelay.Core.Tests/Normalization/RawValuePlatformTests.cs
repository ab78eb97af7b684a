using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

public sealed class RawValuePlatformTests
{
    [Fact]
    public void Klaviyo_gets_raw_values_phone_in_E164_with_plus()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser
        {
            Email = " Sarah.Mason@Example.com ",
            Phone = "(500) 555-0006",
            FirstName = " Sarah ",
            LastName = "Mason",
            Country = "United States",
            PostalCode = "10017-1234",
            EdgeTagId = "edge-123",
        });

        Assert.Equal("sarah.mason@example.com", KlaviyoIdentity.Email(keys));
        Assert.Equal("+15005550006", KlaviyoIdentity.PhoneNumber(keys));
        Assert.Equal("Sarah", KlaviyoIdentity.FirstName(keys));
        Assert.Equal("Mason", KlaviyoIdentity.LastName(keys));
        Assert.Equal("US", KlaviyoIdentity.Country(keys));
        Assert.Equal("10017", KlaviyoIdentity.Zip(keys));
        Assert.Equal("edge-123", KlaviyoIdentity.ExternalId(keys));
    }

    [Theory]
    [InlineData("john@localhost")]
    [InlineData("john@example.")]
    [InlineData("john@.com")]
    public void Klaviyo_leaves_out_addresses_it_would_reject(string email)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = email });

        Assert.NotNull(keys.Email);
        Assert.Null(KlaviyoIdentity.Email(keys));
    }

    [Fact]
    public void Klaviyo_leaves_out_an_external_id_over_255_characters()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { EdgeTagId = new string('e', 256) });

        Assert.Null(KlaviyoIdentity.ExternalId(keys));
        Assert.Equal(new string('e', 256), MetaIdentity.ExternId(keys));
    }

    [Fact]
    public void LinkedIn_hashes_the_email_without_any_whitespace_lower_cased()
    {
        // printf '%s' 'johndoe@example.com' | sha256sum
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = " John Doe@Example.com\t", Country = "gbr", FirstName = "Jane" });

        Assert.Equal("55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149", LinkedInIdentity.Sha256Email(keys, new HashCache()));
        Assert.Equal("GB", LinkedInIdentity.Country(keys));
        Assert.Equal("Jane", LinkedInIdentity.FirstName(keys));
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Expected digests were computed with `printf '%s' value | sha256sum`, never with the code under test.
public sealed class MetaIdentityTests
{
    private static readonly AudienceUser FullUser = new()
    {
        Email = " John.Doe@Example.COM ",
        Phone = "(650) 555-1212",
        FirstName = "John",
        LastName = "Doe",
        Country = "USA",
        PostalCode = "90210-1234",
        EdgeTagId = "edge-123",
        Purchase = new PurchaseData { Currency = "USD", Profit = 120.5m, Total7Days = 300m },
    };

    [Fact]
    public void Schema_lists_the_multi_key_columns_in_row_order()
    {
        Assert.Equal(["EMAIL", "PHONE", "FN", "LN", "COUNTRY", "ZIP", "EXTERN_ID"], MetaIdentity.Schema(false));
        Assert.Equal(["EMAIL", "PHONE", "FN", "LN", "COUNTRY", "ZIP", "EXTERN_ID", "LOOKALIKE_VALUE"], MetaIdentity.Schema(true));
    }

    [Fact]
    public void Row_hashes_every_key_except_extern_id_and_lookalike_value()
    {
        var keys = IdentityNormalizer.Normalize(FullUser);

        var row = MetaIdentity.Row(keys, new HashCache(), includeLookalikeValue: true);

        Assert.Equal(
            [
                "836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f", // john.doe@example.com
                "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176", // 16505551212
                "96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a", // john
                "799ef92a11af918e3fb741df42934f3b568ed2d93ac1df74f1b8d41a27932a6f", // doe
                "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621", // us
                "b83c588da0c6931625f42e0948054a3ade722bfd02c27816305742ed7390ac6c", // 90210
                "edge-123",
                "120.5",
            ],
            row);
    }

    [Fact]
    public void Row_sends_empty_string_for_every_missing_value_and_never_the_empty_hash()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { EdgeTagId = "edge-9", Phone = "abc", FirstName = "..." });

        var row = MetaIdentity.Row(keys, new HashCache(), includeLookalikeValue: true);

        Assert.Equal(["", "", "", "", "", "", "edge-9", ""], row);
    }

    [Theory]
    [InlineData(120.5, 300.0, "120.5")]
    [InlineData(null, 80.0, "80")]
    [InlineData(-5.0, 80.0, "0")]
    [InlineData(0.25, null, "0.25")]
    [InlineData(null, null, null)]
    public void Lookalike_value_is_profit_else_the_7_day_total_never_negative(double? profit, double? total, string? expected)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser
        {
            EdgeTagId = "e",
            Purchase = new PurchaseData { Profit = (decimal?)profit, Total7Days = (decimal?)total },
        });

        Assert.Equal(expected, MetaIdentity.LookalikeValue(keys));
    }

    [Fact]
    public void Lookalike_value_is_absent_without_purchase()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { EdgeTagId = "e" });

        Assert.Null(MetaIdentity.LookalikeValue(keys));
        Assert.Equal("", MetaIdentity.Row(keys, new HashCache(), includeLookalikeValue: true)[7]);
    }

    [Fact]
    public void Extern_id_is_sent_raw_and_trimmed()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { EdgeTagId = "  Edge-ABC  " });

        Assert.Equal("Edge-ABC", MetaIdentity.ExternId(keys));
        Assert.Equal("Edge-ABC", KlaviyoIdentity.ExternalId(keys));
        Assert.Equal("Edge-ABC", GoogleIdentity.ThirdPartyUserId(keys));
    }
}

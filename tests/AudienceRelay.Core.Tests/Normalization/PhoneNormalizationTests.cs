using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Expected digests were computed with `printf '%s' value | sha256sum`, never with the code under test.
public sealed class PhoneNormalizationTests
{
    private const string Us16505551212 = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176";
    private const string UsPlus16505551212 = "1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8";
    private const string Gb442071838750 = "8d5f937f3a5590634cbe975951a6aa1543170671ce6e73cce4062f4e8c288417";
    private const string GbPlus442071838750 = "e631c2534428c6c9b48c2167604a8983046085e43a2c00ed748733c544c0bb4d";

    [Theory]
    [InlineData("(650) 555-1212", "US", "+16505551212", "16505551212", Us16505551212, UsPlus16505551212)]
    [InlineData("1-650-555-1212", "US", "+16505551212", "16505551212", Us16505551212, UsPlus16505551212)]
    [InlineData("16505551212", "US", "+16505551212", "16505551212", Us16505551212, UsPlus16505551212)]
    [InlineData("650.555.1212", "usa", "+16505551212", "16505551212", Us16505551212, UsPlus16505551212)]
    [InlineData("+1 650 555 1212", null, "+16505551212", "16505551212", Us16505551212, UsPlus16505551212)]
    [InlineData("001 650 555 1212", null, "+16505551212", "16505551212", Us16505551212, UsPlus16505551212)]
    [InlineData("+16505551212", "GB", "+16505551212", "16505551212", Us16505551212, UsPlus16505551212)]
    [InlineData("020 7183 8750", "GB", "+442071838750", "442071838750", Gb442071838750, GbPlus442071838750)]
    [InlineData("020 7183 8750", "United Kingdom", "+442071838750", "442071838750", Gb442071838750, GbPlus442071838750)]
    [InlineData("+44 20 7183 8750", null, "+442071838750", "442071838750", Gb442071838750, GbPlus442071838750)]
    [InlineData("0044 20 7183 8750", null, "+442071838750", "442071838750", Gb442071838750, GbPlus442071838750)]
    [InlineData("+44 (0) 20 7183 8750", null, "+442071838750", "442071838750", Gb442071838750, GbPlus442071838750)]
    [InlineData("  +442071838750  ", "US", "+442071838750", "442071838750", Gb442071838750, GbPlus442071838750)]
    [InlineData("06 12 34 56 78", "FR", "+33612345678", "33612345678", "8a3e7886c9335e82e02299fa3e87b46e2de3b0c63d56003e30a5029394a47661", "42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8")]
    [InlineData("+33 6 12 34 56 78", null, "+33612345678", "33612345678", "8a3e7886c9335e82e02299fa3e87b46e2de3b0c63d56003e30a5029394a47661", "42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8")]
    [InlineData("001(706)-767-5127", "US", "+17067675127", "17067675127", "2fd199db6d3fa9fe754886ff1822f2867fcb104a6639495eca25c2978efe4ed4", "504e4a4d2099b8058bf7a5aaa8a6237294c9b29f28395c546684f193d308c6d3")]
    [InlineData("+1(706)-767-5127", null, "+17067675127", "17067675127", "2fd199db6d3fa9fe754886ff1822f2867fcb104a6639495eca25c2978efe4ed4", "504e4a4d2099b8058bf7a5aaa8a6237294c9b29f28395c546684f193d308c6d3")]
    [InlineData("(657)777-0000", "US", "+16577770000", "16577770000", "8d7bdaaf75196f351d22942fc0dd79304ffabc3eaf3339460ef9da0773e3aec2", "a6e82c2f4091baff57a4f33d01efb65bfbeacbbfbcfaa9d0ff9f57d28d78fedb")]
    [InlineData("+374 93 828222", null, "+37493828222", "37493828222", "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4", "241371e614f8650dfae0f111361c69de1bb4829a72b71bb8044daae8b2e7791d")]
    [InlineData("374-93-828222", "AM", "+37493828222", "37493828222", "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4", "241371e614f8650dfae0f111361c69de1bb4829a72b71bb8044daae8b2e7791d")]
    public void Phone_becomes_E164_then_each_platform_form(string input, string? country, string e164, string digits, string digitsSha256, string e164Sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });
        var cache = new HashCache();

        Assert.Equal(e164, keys.PhoneE164);
        Assert.Equal(FieldDrops.None, keys.Drops & ~FieldDrops.CountryUnknown);
        Assert.Equal(digits, MetaIdentity.NormalizePhone(input, country));
        Assert.Equal(digits, TikTokIdentity.NormalizePhone(input, country));
        Assert.Equal(digits, SnapchatIdentity.NormalizePhone(input, country));
        Assert.Equal(e164, GoogleIdentity.NormalizePhoneNumber(input, country));
        Assert.Equal(digitsSha256, MetaIdentity.Phone(keys, cache));
        Assert.Equal(digitsSha256, TikTokIdentity.PhoneSha256(keys, cache));
        Assert.Equal(digitsSha256, SnapchatIdentity.PhoneSha256(keys, cache));
        Assert.Equal(e164, KlaviyoIdentity.PhoneNumber(keys));
        Assert.Equal(e164Sha256, GoogleIdentity.HashedPhoneNumber(keys, cache));
    }

    [Theory]
    [InlineData("abc", "US", FieldDrops.PhoneInvalid)]
    [InlineData("n/a", null, FieldDrops.PhoneInvalid)]
    [InlineData("+ (0) 44 20 7183 8750", null, FieldDrops.PhoneInvalid)]
    [InlineData("+0000000000", null, FieldDrops.PhoneInvalid)]
    [InlineData("+0000000000", "US", FieldDrops.PhoneInvalid)]
    [InlineData("12", "US", FieldDrops.PhoneInvalid)]
    [InlineData("555-1212", "US", FieldDrops.PhoneInvalid)]
    [InlineData("0000000000", "US", FieldDrops.PhoneInvalid)]
    [InlineData("(000) 000-0000", "US", FieldDrops.PhoneInvalid)]
    [InlineData("+1 555 555 5555", null, FieldDrops.PhoneInvalid)]
    [InlineData("+44 12", null, FieldDrops.PhoneInvalid)]
    [InlineData("01(706)-767-5127", "US", FieldDrops.PhoneInvalid)]
    [InlineData("6505551212", null, FieldDrops.PhoneMissingCountry)]
    [InlineData("(657)777-0000", null, FieldDrops.PhoneMissingCountry)]
    [InlineData("2801234567", null, FieldDrops.PhoneMissingCountry)]
    [InlineData("(212) 565-0000", null, FieldDrops.PhoneMissingCountry)]
    [InlineData("020 7183 8750", null, FieldDrops.PhoneMissingCountry)]
    public void Garbage_phone_is_dropped_and_counted_never_hashed(string input, string? country, FieldDrops expected)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country, Email = "a@example.com" });

        Assert.Null(keys.PhoneE164);
        Assert.Equal(expected, keys.Drops);
        Assert.True(keys.IsUsable);
        Assert.Equal("", MetaIdentity.Row(keys, new HashCache(), includeLookalikeValue: false)[1]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_phone_is_absent_not_dropped(string? input)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = "US" });

        Assert.Null(keys.PhoneE164);
        Assert.Equal(FieldDrops.None, keys.Drops);
    }

    [Fact]
    public void Default_region_reads_national_numbers_but_is_never_sent_as_the_country()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = "(650) 555-1212", PostalCode = "90210-1234" }, "US");

        Assert.Equal("+16505551212", keys.PhoneE164);
        Assert.Equal("90210", keys.PostalCode);
        Assert.Null(keys.CountryCode);
    }

    [Fact]
    public void The_users_own_country_wins_over_the_default_region()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = "020 7183 8750", Country = "GB" }, "US");

        Assert.Equal("+442071838750", keys.PhoneE164);
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using CsCheck;

namespace AudienceRelay.Core.Tests.Normalization;

public sealed class NormalizationPropertyTests
{
    // printf '' | sha256sum
    private const string EmptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly Gen<string> AnyText = Gen.OneOf(
        Gen.String,
        Gen.String[0, 80],
        Gen.Char["\uD800\uDC00\uDFFF\u0301\u200B \t-'.@+0"].Array[0, 12].Select(c => new string(c)));

    private static readonly Gen<string> EmailText = Gen.Select(
        Gen.Char["aB.+_ -É1"].Array[0, 10], Gen.Char["aZ.-1 "].Array[0, 10], Gen.Bool,
        (local, domain, at) => new string(local) + (at ? "@" : "") + new string(domain));

    private static readonly Gen<string> PhoneText = Gen.Select(
        Gen.OneOfConst("", "+", "00", "0", "+1", "+44", "+39", "+7", "(", "+0", "1"),
        Gen.Char["0123456789 -().xa"].Array[0, 18],
        (prefix, body) => prefix + new string(body));

    private static readonly Gen<string> NameText = Gen.Char["aZé e\u0301정-'.( )$1\u2019"].Array[0, 12].Select(c => new string(c));

    private static readonly Gen<string> PostalText = Gen.Char["0123456789ABKaz -#"].Array[0, 12].Select(c => new string(c));

    private static readonly Gen<string?> CountryText = Gen.OneOfConst<string?>(
        null, "US", "usa", "United Kingdom", "gbr", "CA", "FR", "DE", "IT", "IN", "BR", "JP", "AU", "MX", "RU", "AR", "AM", "Narnia", "");

    // Shared with MetaRowTests.
    internal static readonly Gen<AudienceUser> Users = Gen.Select(
        Gen.OneOf(EmailText, AnyText).Null(0.1),
        Gen.OneOf(PhoneText, AnyText).Null(0.1),
        Gen.OneOf(NameText, AnyText).Null(0.1),
        Gen.OneOf(NameText, AnyText).Null(0.1),
        Gen.OneOf(CountryText, AnyText.Select(s => (string?)s)),
        Gen.OneOf(PostalText, AnyText).Null(0.1),
        AnyText.Null(0.3),
        (email, phone, first, last, country, postal, edge) => new AudienceUser
        {
            Email = email,
            Phone = phone,
            FirstName = first,
            LastName = last,
            Country = country,
            PostalCode = postal,
            EdgeTagId = edge,
            Purchase = new PurchaseData { Profit = -1.5m },
        });

    [Fact]
    public void Normalization_never_throws_and_never_sends_the_hash_of_an_empty_string()
    {
        Users.Sample(user =>
        {
            foreach (var keys in new[] { IdentityNormalizer.Normalize(user), IdentityNormalizer.Normalize(user, "US") })
            {
                var cache = new HashCache();
                var sent = MetaIdentity.Row(keys, cache, includeLookalikeValue: true).Concat(
                [
                    GoogleIdentity.HashedEmail(keys, cache, new GoogleIdentityOptions { RemoveGmailDots = true, RemoveGmailPlusSuffix = true }),
                    GoogleIdentity.HashedPhoneNumber(keys, cache),
                    GoogleIdentity.HashedFirstName(keys, cache),
                    GoogleIdentity.HashedLastName(keys, cache),
                    TikTokIdentity.EmailSha256(keys, cache),
                    TikTokIdentity.PhoneSha256(keys, cache),
                    SnapchatIdentity.EmailSha256(keys, cache),
                    SnapchatIdentity.PhoneSha256(keys, cache),
                    LinkedInIdentity.Sha256Email(keys, cache),
                    LinkedInIdentity.FirstName(keys),
                    KlaviyoIdentity.Email(keys),
                    KlaviyoIdentity.FirstName(keys),
                ]);

                Assert.DoesNotContain(EmptyDigest, sent);
                Assert.Equal("0", MetaIdentity.LookalikeValue(keys));
                Assert.Equal(keys.IsUsable, keys.Email is not null || keys.PhoneE164 is not null || keys.EdgeTagId is not null);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Normalizing_the_canonical_keys_again_changes_nothing()
    {
        Users.Sample(user =>
        {
            var once = IdentityNormalizer.Normalize(user);
            var twice = IdentityNormalizer.Normalize(new AudienceUser
            {
                Email = once.Email,
                Phone = once.PhoneE164,
                FirstName = once.FirstName,
                LastName = once.LastName,
                Country = once.CountryCode,
                PostalCode = once.PostalCode,
                EdgeTagId = once.EdgeTagId,
            });

            Assert.Equal(
                (once.Email, once.EmailIsHashed, once.PhoneE164, once.PhoneIsHashed, once.FirstName, once.LastName, once.CountryCode, once.PostalCode, once.EdgeTagId),
                (twice.Email, twice.EmailIsHashed, twice.PhoneE164, twice.PhoneIsHashed, twice.FirstName, twice.LastName, twice.CountryCode, twice.PostalCode, twice.EdgeTagId));
            Assert.Equal(FieldDrops.None, twice.Drops);
        }, iter: 5_000);
    }

    [Fact]
    public void Platform_normalized_values_are_fixed_points()
    {
        Gen.Select(Gen.OneOf(NameText, EmailText, PostalText, AnyText), CountryText).Sample((text, country) =>
        {
            AssertFixedPoint(MetaIdentity.NormalizeFirstName, text);
            AssertFixedPoint(GoogleIdentity.NormalizeFirstName, text);
            AssertFixedPoint(MetaIdentity.NormalizeEmail, text);
            AssertFixedPoint(s => GoogleIdentity.NormalizeEmail(s, new GoogleIdentityOptions { RemoveGmailDots = true, RemoveGmailPlusSuffix = true }), text);
            AssertFixedPoint(MetaIdentity.NormalizeCountry, text);
            AssertFixedPoint(s => MetaIdentity.NormalizeZip(s, country), text);
            AssertFixedPoint(s => GoogleIdentity.NormalizePostalCode(s, country), text);
        }, iter: 5_000);

        // E.164 is the fixed point; Meta's digits-without-plus form is an output, not an input form
        // (read back with a different country it would be a national number).
        Gen.Select(PhoneText, CountryText).Sample((text, country) =>
            AssertFixedPoint(s => GoogleIdentity.NormalizePhoneNumber(s, country), text), iter: 5_000);
    }

    private static void AssertFixedPoint(Func<string?, string?> normalize, string input)
    {
        var once = normalize(input);
        if (once is null)
        {
            return;
        }

        Assert.Equal(once, normalize(once));
    }
}

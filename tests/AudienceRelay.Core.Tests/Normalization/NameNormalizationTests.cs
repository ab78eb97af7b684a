using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

// Expected digests were computed with `printf '%s' value | sha256sum`, never with the code under test.
public sealed class NameNormalizationTests
{
    [Theory]
    [InlineData("O'Brien", "obrien", "b4cb6cb33fe4b865868de825023a1e2790dc12ac01ecc8d7c5afe8254071c8ba")]
    [InlineData("O\u2019Brien", "obrien", "b4cb6cb33fe4b865868de825023a1e2790dc12ac01ecc8d7c5afe8254071c8ba")]
    [InlineData("Jean-Luc", "jeanluc", "7fef38066db9900f992fa9926eea8cc648f44c2af50c4d511c415422196c8ef5")]
    [InlineData("  John  ", "john", "96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a")]
    [InlineData("JOHN", "john", "96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a")]
    [InlineData("Valéry", "valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c")]
    [InlineData("Vale\u0301ry", "valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c")]
    [InlineData("E\u0301mile", "émile", "a56b363ca23dd9db9bd117840f28aab076b474f8cbea85416f715281dc809d56")]
    [InlineData("정", "정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14")]
    [InlineData("Mary \t Ann", "maryann", "16b3f07f0ec2f9dd127b71dc2e6c791b7d93116a1c3bc99d057eaa7a8a077e73")]
    [InlineData("José (Pepe)", "josépepe", "9d239bcbff82afb58181a021173daa938299a3560b136556d26ffc7f0a8c8fc5")]
    [InlineData("Smith Jr.", "smithjr", "bb519c8fecd3f7e3ef68d900a94cd5cac4eaf6ba2b964418c73d6fe4c49f76d8")]
    [InlineData("John 2", "john", "96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a")]
    public void Meta_names_are_lower_case_letters_only_keeping_non_ascii_letters(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { FirstName = input, LastName = input });
        var cache = new HashCache();

        Assert.Equal(normalized, MetaIdentity.NormalizeFirstName(input));
        Assert.Equal(normalized, MetaIdentity.NormalizeLastName(input));
        Assert.Equal(sha256, MetaIdentity.FirstName(keys, cache));
        Assert.Equal(sha256, MetaIdentity.LastName(keys, cache));
    }

    // OfflineUserAddressInfo: first name lower-cased with extra spaces removed; last name "lower case only and no punctuation".
    [Theory]
    [InlineData("  Jean-Luc ", "jean-luc", "541459444b713dcbea4a267a8135219e7b6aadf83437691eb4ad6d72dfaba804", "jeanluc", "7fef38066db9900f992fa9926eea8cc648f44c2af50c4d511c415422196c8ef5")]
    [InlineData("O'Brien", "o'brien", "65b87174be3b1b122e2b0929f0b84888637d31a4a83bb96a860bcff411f5e668", "obrien", "b4cb6cb33fe4b865868de825023a1e2790dc12ac01ecc8d7c5afe8254071c8ba")]
    [InlineData("Mary   Ann", "mary ann", "343b97011010c3549fe7fcd6c226ed9431ea37b0b77ed78f6300a0098925faf1", "mary ann", "343b97011010c3549fe7fcd6c226ed9431ea37b0b77ed78f6300a0098925faf1")]
    [InlineData("VALÉRY", "valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c", "valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c")]
    [InlineData("John", "john", "96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a", "john", "96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a")]
    public void Google_names_are_lower_cased_and_trimmed_and_the_last_name_loses_punctuation(string input, string first, string firstSha256, string last, string lastSha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { FirstName = input, LastName = input });
        var cache = new HashCache();

        Assert.Equal(first, GoogleIdentity.NormalizeFirstName(input));
        Assert.Equal(last, GoogleIdentity.NormalizeLastName(input));
        Assert.Equal(firstSha256, GoogleIdentity.HashedFirstName(keys, cache));
        Assert.Equal(lastSha256, GoogleIdentity.HashedLastName(keys, cache));
    }

    [Theory]
    [InlineData("  Jean-Luc ", "Jean-Luc")]
    [InlineData("Mary   Ann", "Mary Ann")]
    [InlineData("Vale\u0301ry", "Valéry")]
    [InlineData("O'Brien", "O'Brien")]
    public void Canonical_names_keep_case_and_punctuation_for_platforms_that_take_them_raw(string input, string canonical)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { FirstName = input, LastName = input });

        Assert.Equal(canonical, keys.FirstName);
        Assert.Equal(canonical, KlaviyoIdentity.FirstName(keys));
        Assert.Equal(canonical, KlaviyoIdentity.LastName(keys));
        Assert.Equal(canonical, LinkedInIdentity.FirstName(keys));
        Assert.Equal(canonical, LinkedInIdentity.LastName(keys));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("...")]
    [InlineData("' - '")]
    public void A_name_without_letters_or_digits_is_dropped_and_counted(string input)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { FirstName = input, LastName = input, EdgeTagId = "e" });

        Assert.Null(keys.FirstName);
        Assert.Null(keys.LastName);
        Assert.Equal(FieldDrops.FirstNameInvalid | FieldDrops.LastNameInvalid, keys.Drops);
        Assert.Null(MetaIdentity.NormalizeFirstName(input));
        Assert.Null(MetaIdentity.FirstName(keys, new HashCache()));
    }

    [Fact]
    public void LinkedIn_names_are_cut_at_35_characters()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { FirstName = new string('a', 50) });

        Assert.Equal(new string('a', 35), LinkedInIdentity.FirstName(keys));
        Assert.Equal(new string('a', 50), KlaviyoIdentity.FirstName(keys));
    }

    [Theory]
    [InlineData("Vale\u0301ry", "Val\u00E9ry")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul jamo compose algorithmically
    [InlineData("\u110C\u1165\u11BC", "\uC815")] // 정 typed as jamo
    [InlineData("a\u0323\u0302", "\u1EAD")] // two marks in canonical order: ậ
    [InlineData("\u0301abc", "\u0301abc")] // a leading mark has nothing to compose with
    [InlineData("Valéry", "Valéry")]
    public void Decomposed_input_is_composed_like_NFC(string input, string expected)
    {
        Assert.Equal(expected, IdentityNormalizer.Normalize(new AudienceUser { FirstName = input }).FirstName);
    }
}

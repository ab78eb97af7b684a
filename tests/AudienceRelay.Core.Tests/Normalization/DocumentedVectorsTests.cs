using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

/// <summary>
/// The examples each platform prints in its own documentation (input → value it asks for → SHA-256), run
/// through the whole path: <see cref="IdentityNormalizer"/> then the platform's class. Each group names the
/// page its examples come from. Expected digests were computed with <c>printf '%s' value | sha256sum</c>,
/// never with the code under test.
/// </summary>
public sealed class DocumentedVectorsTests
{
    // Meta Business Help Centre, "How to format a customer list when creating a custom audience": its phone
    // examples carry the country code without a "+" and without a country column; Meta's customer-list hashing
    // table asks for digits only, with the country code and no leading zeros.
    [Theory]
    [InlineData("1-234-567-8910", null, "12345678910", "63640264849a87c90356129d99ea165e37aa5fabc1fea46906df1a7ca50db492")]
    [InlineData("12345678910", null, "12345678910", "63640264849a87c90356129d99ea165e37aa5fabc1fea46906df1a7ca50db492")]
    [InlineData("+44 844 412 4653", null, "448444124653", "dc008fda46e2e64002cf2f82a4906236282d431c4f75e5b60bfe79fc48546383")]
    [InlineData("0044 844 412 4653", null, "448444124653", "dc008fda46e2e64002cf2f82a4906236282d431c4f75e5b60bfe79fc48546383")]
    [InlineData("1-234-567-8910", "US", "12345678910", "63640264849a87c90356129d99ea165e37aa5fabc1fea46906df1a7ca50db492")]
    public void Meta_phone_examples(string input, string? country, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Equal(normalized, MetaIdentity.NormalizePhone(input, country));
        Assert.Equal(sha256, MetaIdentity.Phone(keys, new HashCache()));
    }

    // Same Meta page: email examples, hashed as given after trimming and lower-casing (Meta does not rewrite
    // gmail dots).
    [Theory]
    [InlineData("username@hotmail.co.uk", "2414268fd08ef12483bf8b4fa4cee5b4f739ccf1b217d00ed7097a1e3084c8fb")]
    [InlineData(" Your.Name@Gmail.com ", "1c26f08bba2c87e8db547da81c7071924be289ebcf3e56709343ba86cc7c24f8")]
    public void Meta_email_examples(string input, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal(sha256, MetaIdentity.Email(keys, new HashCache()));
    }

    // Meta's customer-list hashing table (mirrored by HCL Unica Link "Data Normalization" for Facebook): FN/LN
    // lower-case without punctuation, UTF-8 letters kept; ZIP lower-case without spaces, US first 5 digits;
    // COUNTRY ISO alpha-2 lower-case.
    [Fact]
    public void Meta_name_zip_and_country_rules()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser
        {
            Email = "a@example.com",
            FirstName = " Mary-Ann ",
            LastName = "O'Brien",
            Country = "United States",
            PostalCode = "90210-1234",
        });
        var gb = IdentityNormalizer.Normalize(new AudienceUser { Email = "a@example.com", FirstName = "Valéry", Country = "GB", PostalCode = "sw1a 1aa" });
        var cache = new HashCache();

        Assert.Equal("16b3f07f0ec2f9dd127b71dc2e6c791b7d93116a1c3bc99d057eaa7a8a077e73", MetaIdentity.FirstName(keys, cache)); // maryann
        Assert.Equal("b4cb6cb33fe4b865868de825023a1e2790dc12ac01ecc8d7c5afe8254071c8ba", MetaIdentity.LastName(keys, cache)); // obrien
        Assert.Equal("79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621", MetaIdentity.Country(keys, cache)); // us
        Assert.Equal("b83c588da0c6931625f42e0948054a3ade722bfd02c27816305742ed7390ac6c", MetaIdentity.Zip(keys, cache)); // 90210
        Assert.Equal("08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c", MetaIdentity.FirstName(gb, cache)); // valéry
        Assert.Equal("0b407281768f0e833afef47ed464b6571d01ca4d53c12ce5c51d1462f4ad6677", MetaIdentity.Country(gb, cache)); // gb
        Assert.Equal("830e1d4b9838bab1f5c2acdb23e0b502ff13a9832c4632e8d67a1d43d3b7f614", MetaIdentity.Zip(gb, cache)); // sw1a1aa
    }

    // Meta Business Help Centre, "How to format a customer list…": first-name examples John, F. (an initial with
    // a period) and Émilie (accents allowed).
    [Theory]
    [InlineData("John", "john", "96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a")]
    [InlineData("F.", "f", "252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111")]
    [InlineData("Émilie", "émilie", "2863487194ad92314c0d76b8e4fe04d127789e79c94081329c682b7beea2bf6c")]
    [InlineData("E\u0301milie", "émilie", "2863487194ad92314c0d76b8e4fe04d127789e79c94081329c682b7beea2bf6c")]
    public void Meta_first_name_examples(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "a@example.com", FirstName = input });

        Assert.Equal(normalized, MetaIdentity.NormalizeFirstName(input));
        Assert.Equal(sha256, MetaIdentity.FirstName(keys, new HashCache()));
    }

    // TikTok, "List of supported IDs and formats for a customer file": the US number (657)777-0000 becomes
    // 16577770000 and the international 374-93-828222 becomes 37493828222, with no "+" and no country column;
    // "How to create a Custom Audience with a customer file" prints 65b7e6dc…22d4 as the hash of that number.
    [Theory]
    [InlineData("(657)777-0000", "US", "16577770000", "8d7bdaaf75196f351d22942fc0dd79304ffabc3eaf3339460ef9da0773e3aec2")]
    [InlineData("374-93-828222", null, "37493828222", "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4")]
    [InlineData("374-93-828222", "US", "37493828222", "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4")]
    [InlineData("+37493828222", null, "37493828222", "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4")]
    public void TikTok_phone_examples(string input, string? country, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Equal(normalized, TikTokIdentity.NormalizePhone(input, country));
        Assert.Equal(sha256, TikTokIdentity.PhoneSha256(keys, new HashCache()));
    }

    // TikTok: "How to create a Custom Audience with a customer file" pairs janedoe@gmail.com with d6117306…6c69
    // (spaces removed, lower-case); the list of supported IDs also removes "+" and what follows it up to the "@",
    // and keeps the dots.
    [Theory]
    [InlineData(" JaneDoe@Gmail.com ", "janedoe@gmail.com", "d6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69")]
    [InlineData("firstname-lastname@gmail.com", "firstname-lastname@gmail.com", "a804429cec3b5d3884b9dffe96a584205842c6f42863c51a049027f803945e34")]
    [InlineData("FirstName-LastName+Promo@Gmail.com", "firstname-lastname@gmail.com", "a804429cec3b5d3884b9dffe96a584205842c6f42863c51a049027f803945e34")]
    [InlineData("Jane.Doe+news@Example.com", "jane.doe@example.com", "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d")]
    public void TikTok_email_examples(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal(normalized, TikTokIdentity.NormalizeEmail(input));
        Assert.Equal(sha256, TikTokIdentity.EmailSha256(keys, new HashCache()));
    }

    [Fact]
    public void TikTok_keeps_an_address_whose_local_part_starts_with_plus()
    {
        Assert.Equal("+tag@example.com", TikTokIdentity.NormalizeEmail("+Tag@Example.com"));
    }

    // Google Data Manager API, "Format user data": gmail.com/googlemail.com lose the local part's dots and
    // +suffix, other domains keep both; phones are E.164 with the "+" ((800)555-0100 → +18005550100).
    [Theory]
    [InlineData("cloudy.sanfrancisco+shopping@gmail.com", "cloudysanfrancisco@gmail.com", "223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4")]
    [InlineData("user.name+NYC@Example.com", "user.name+nyc@example.com", "f109a2a632fbcea5fc82049f50beed3d8621bf9034399f437fb622222acccdac")]
    [InlineData(" Jane.Doe@GoogleMail.com ", "janedoe@googlemail.com", "338abf9ef1c8793cadc7bcf51ed595338eb727ed9e06ce3d91d566d60b975937")]
    public void Google_email_examples(string input, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = input });

        Assert.Equal(normalized, GoogleIdentity.NormalizeEmail(input));
        Assert.Equal(sha256, GoogleIdentity.HashedEmail(keys, new HashCache()));
    }

    // Google Ads Customer Match CSV template (linked from "Format your customer data file"): phones written with
    // the country code and no "+", names with accents kept; hashed as E.164 with the "+".
    [Theory]
    [InlineData("1-800-888-8888", null, "+18008888888", "f096eb92986ea543ab4ab565c4a1ad86d35dec42acb9b893e2d2c59444fbe33d")]
    [InlineData("1(800)888-8888", "us", "+18008888888", "f096eb92986ea543ab4ab565c4a1ad86d35dec42acb9b893e2d2c59444fbe33d")]
    [InlineData("(800)555-0100", "US", "+18005550100", "fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30")]
    public void Google_phone_examples(string input, string? country, string e164, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Equal(e164, GoogleIdentity.NormalizePhoneNumber(input, country));
        Assert.Equal(sha256, GoogleIdentity.HashedPhoneNumber(keys, new HashCache()));
    }

    [Fact]
    public void Google_template_names_keep_their_accents()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "test@gmail.com", FirstName = "Zoë", LastName = "Pérez", Country = "us", PostalCode = "94016" });
        var cache = new HashCache();

        Assert.Equal("87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674", GoogleIdentity.HashedEmail(keys, cache)); // test@gmail.com
        Assert.Equal("2752b88686847fa5c86f47b94ce652b7b3f22a91c37617d451a4db9afa431450", GoogleIdentity.HashedFirstName(keys, cache)); // zoë
        Assert.Equal("6654977d57dddd3c0329ca741b109ef6cd6430bedd00008aad213df25683d77f", GoogleIdentity.HashedLastName(keys, cache)); // pérez
        Assert.Equal("US", GoogleIdentity.CountryCode(keys));
        Assert.Equal("94016", GoogleIdentity.PostalCode(keys));
    }

    // Snap Marketing API, Conversions API "Best Practices" (normalizing identifiers): email trimmed and
    // lower-cased; phone with the country code, a leading "00" and the number's own leading 0 removed, digits only.
    [Theory]
    [InlineData("001 (706) 767-5127", null, "17067675127", "2fd199db6d3fa9fe754886ff1822f2867fcb104a6639495eca25c2978efe4ed4")]
    [InlineData("1-706-767-5127", null, "17067675127", "2fd199db6d3fa9fe754886ff1822f2867fcb104a6639495eca25c2978efe4ed4")]
    [InlineData("+44 (0)844 412 4653", null, "448444124653", "dc008fda46e2e64002cf2f82a4906236282d431c4f75e5b60bfe79fc48546383")]
    [InlineData("0844 412 4653", "GB", "448444124653", "dc008fda46e2e64002cf2f82a4906236282d431c4f75e5b60bfe79fc48546383")]
    public void Snapchat_phone_examples(string input, string? country, string normalized, string sha256)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Equal(normalized, SnapchatIdentity.NormalizePhone(input, country));
        Assert.Equal(sha256, SnapchatIdentity.PhoneSha256(keys, new HashCache()));
    }

    [Fact]
    public void Snapchat_email_is_trimmed_and_lower_cased_and_keeps_plus_and_dots()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "  Jane.Doe@Example.COM " });

        Assert.Equal("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d", SnapchatIdentity.EmailSha256(keys, new HashCache()));
        Assert.Equal("firstname-lastname+promo@gmail.com", SnapchatIdentity.NormalizeEmail("FirstName-LastName+Promo@Gmail.com"));
    }

    // LinkedIn "DMP Segment Users": SHA256_EMAIL of the lower-cased address; firstName/lastName raw (examples
    // "Mike", "Smith"), country the ISO two-letter code ("US").
    [Fact]
    public void LinkedIn_examples()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = " John@Example.com ", FirstName = "Mike", LastName = "Smith", Country = "United States" });

        Assert.Equal("855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4", LinkedInIdentity.Sha256Email(keys, new HashCache()));
        Assert.Equal(("Mike", "Smith", "US"), (LinkedInIdentity.FirstName(keys), LinkedInIdentity.LastName(keys), LinkedInIdentity.Country(keys)));
    }

    // Pinterest API v5 (CustomerListRequest.records): emails lower-case, plain or hashed; we send SHA-256.
    [Fact]
    public void Pinterest_email_is_lower_cased_then_hashed()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "Your.Name@Gmail.com" });

        Assert.Equal("1c26f08bba2c87e8db547da81c7071924be289ebcf3e56709343ba86cc7c24f8", PinterestIdentity.EmailSha256(keys, new HashCache()));
    }

    // Klaviyo "Bulk Import Profiles": phone_number in E.164 with "+", raw values, nothing hashed.
    [Theory]
    [InlineData("+1 500 555 0006", null, "+15005550006")]
    [InlineData("15005550006", null, "+15005550006")]
    [InlineData("(500) 555-0006", "US", "+15005550006")]
    public void Klaviyo_phone_is_raw_e164(string input, string? country, string e164)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = input, Country = country });

        Assert.Equal(e164, KlaviyoIdentity.PhoneNumber(keys));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using CsCheck;

namespace AudienceRelay.Core.Tests.Normalization;

/// <summary>
/// MetaRow holds digests by reference into the HashCache and writes their hex straight into JSON. These tests
/// compare it with the string cells computed the old way: the public "what this column hashes" functions and
/// the BCL's one-shot SHA-256, independent of the cache and its store.
/// </summary>
public sealed class MetaRowTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Cells_agree_with_hashing_each_normalized_column_directly()
    {
        NormalizationPropertyTests.Users.Sample(user =>
        {
            var keys = IdentityNormalizer.Normalize(user);
            var cache = new HashCache();

            var cells = MetaRow.For(keys, cache, includeLookalikeValue: true).ToCells(cache, includeLookalikeValue: true);

            Assert.Equal(Expected(user, keys), cells);
        }, iter: 3_000);
    }

    [Fact]
    public void Json_is_byte_for_byte_what_serializing_the_string_cells_gives()
    {
        var edge = Gen.OneOf(Gen.String[0, 20], Gen.Char["\"\\<>&'é\u2028\u0001a"].Array[1, 8].Select(c => new string(c)));
        Gen.Select(NormalizationPropertyTests.Users, edge, Gen.Bool).Sample((user, edgeTagId, valueBased) =>
        {
            var keys = IdentityNormalizer.Normalize(user with { EdgeTagId = edgeTagId });
            var cache = new HashCache();
            var row = MetaRow.For(keys, cache, valueBased);

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                row.WriteTo(writer, cache, valueBased);
            }

            Assert.Equal(JsonSerializer.Serialize(row.ToCells(cache, valueBased), Web), Encoding.UTF8.GetString(buffer.ToArray()));
        }, iter: 2_000);
    }

    [Fact]
    public void A_digest_the_sender_hashed_is_passed_through_lower_cased_as_the_same_string()
    {
        const string Upper = "836F82DB99121B3481011F16B49DFA5FBC714A0D1B1B9F784A1EBBBF5B39577F";
        const string Phone = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176";
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = Upper, Phone = Phone, FirstName = "John" });
        var cache = new HashCache();

        var cells = MetaRow.For(keys, cache, includeLookalikeValue: false).ToCells(cache, includeLookalikeValue: false);

        Assert.Equal(Upper.ToLowerInvariant(), cells[0]);
        Assert.Same(keys.Email, cells[0]);
        Assert.Same(keys.PhoneE164, cells[1]);
        Assert.Equal(Phone, cells[1]);
        Assert.Equal(1, cache.Count); // only "john" was hashed
        Assert.Same(cells[0], MetaIdentity.Email(keys, cache));
    }

    [Fact]
    public void A_phone_is_hashed_once_for_Meta_TikTok_and_Snapchat_as_its_digits_without_the_plus()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = "+1 (650) 555-1212" });
        var cache = new HashCache();

        var meta = MetaIdentity.Phone(keys, cache);

        Assert.Equal("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176", meta); // printf 16505551212 | sha256sum
        Assert.Same(meta, TikTokIdentity.PhoneSha256(keys, cache));
        Assert.Same(meta, SnapchatIdentity.PhoneSha256(keys, cache));
        Assert.Equal(1, cache.Count);
        Assert.Equal(meta, MetaRow.For(keys, cache, includeLookalikeValue: false).ToCells(cache, includeLookalikeValue: false)[1]);
        Assert.NotEqual(meta, GoogleIdentity.HashedPhoneNumber(keys, cache)); // Google hashes "+16505551212"
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_row_without_an_identifying_cell_does_not_identify_even_with_a_lookalike_value()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Phone = "abc", Purchase = new PurchaseData { Profit = 3m } });
        var cache = new HashCache();

        Assert.False(MetaRow.For(keys, cache, includeLookalikeValue: true).Identifies);
        Assert.False(default(MetaRow).Identifies);
        Assert.True(MetaRow.For(IdentityNormalizer.Normalize(new AudienceUser { EdgeTagId = "e" }), cache, false).Identifies);
        Assert.True(MetaRow.For(IdentityNormalizer.Normalize(new AudienceUser { Country = "US" }), cache, false).Identifies);
    }

    [Fact]
    public void One_cache_shared_by_threads_gives_every_value_its_own_digest_across_store_chunks()
    {
        // 5,000 distinct values fill several 1,024-digest chunks; four threads ask for them in different orders.
        var values = Enumerable.Range(0, 5_000).Select(i => $"value-{i}-é").ToArray();
        var cache = new HashCache();
        var seen = new string[4][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            var mine = new string[values.Length];
            for (var n = 0; n < values.Length; n++)
            {
                var i = thread % 2 == 0 ? n : values.Length - 1 - n;
                mine[i] = thread < 2 ? cache.Sha256Hex(values[i]) : cache.Sha256Hex(values[i].AsSpan());
            }

            seen[thread] = mine;
        });

        Assert.Equal(values.Length, cache.Count);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(Sha256(values[i]), seen[0][i]);
            Assert.All(seen, mine => Assert.Same(seen[0][i], mine[i]));
        }
    }

    private static string[] Expected(AudienceUser user, MatchKeys keys) =>
    [
        Column(MetaIdentity.NormalizeEmail(user.Email), keys.EmailIsHashed),
        Column(MetaIdentity.NormalizePhone(user.Phone, user.Country), keys.PhoneIsHashed),
        Column(MetaIdentity.NormalizeFirstName(user.FirstName), keys.FirstNameIsHashed),
        Column(MetaIdentity.NormalizeLastName(user.LastName), keys.LastNameIsHashed),
        Column(MetaIdentity.NormalizeCountry(user.Country), isHashed: false),
        Column(MetaIdentity.NormalizeZip(user.PostalCode, user.Country), isHashed: false),
        keys.EdgeTagId ?? "",
        MetaIdentity.LookalikeValue(keys) ?? "",
    ];

    private static string Column(string? normalized, bool isHashed) => normalized is null ? "" : isHashed ? normalized : Sha256(normalized);

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using CsCheck;

namespace AudienceRelay.Core.Tests.Normalization;

// Expected digests were computed with `printf '%s' value | sha256sum`.
public sealed class HashCacheTests
{
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14")]
    public void Digest_is_lower_case_hex_of_the_utf8_bytes(string value, string expected)
    {
        Assert.Equal(expected, new HashCache().Sha256Hex(value));
    }

    [Fact]
    public void Values_longer_than_the_stack_buffer_hash_correctly()
    {
        Assert.Equal("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3", new HashCache().Sha256Hex(new string('a', 1000)));
    }

    [Fact]
    public void Each_distinct_value_is_hashed_once_per_batch_across_platforms()
    {
        var cache = new HashCache();
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "john.doe@example.com", FirstName = "John", Country = "US" });
        var twin = IdentityNormalizer.Normalize(new AudienceUser { Email = "JOHN.DOE@example.com", FirstName = "john", Country = "usa" });

        var first = MetaIdentity.Email(keys, cache);
        _ = TikTokIdentity.EmailSha256(keys, cache);
        _ = SnapchatIdentity.EmailSha256(twin, cache);
        _ = GoogleIdentity.HashedEmail(twin, cache);
        _ = LinkedInIdentity.Sha256Email(keys, cache);
        Assert.Equal(1, cache.Count);

        _ = MetaIdentity.FirstName(keys, cache);
        _ = MetaIdentity.FirstName(twin, cache);
        _ = GoogleIdentity.HashedFirstName(twin, cache); // "john" again: same normalized value as Meta's
        _ = MetaIdentity.Country(keys, cache);
        _ = MetaIdentity.Country(twin, cache);
        Assert.Equal(3, cache.Count);
        Assert.Same(first, MetaIdentity.Email(twin, cache));
    }

    [Fact]
    public void Hashing_an_empty_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new HashCache().Sha256Hex(""));
    }

    [Fact]
    public void Reused_digest_contexts_agree_with_one_shot_SHA256_on_any_text_and_thread()
    {
        // Reference: the BCL one-shot API, independent of the per-thread context the cache reuses.
        Gen.String[1, 300].Sample(text =>
        {
            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            Assert.Equal(expected, new HashCache().Sha256Hex(text));
        }, iter: 5_000, threads: 4);
    }
}

using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Tests.Storage;

/// <summary>The emulators' packed member storage gives back exactly what was stored, in a third of the memory for digests.</summary>
public sealed class PackedStorageTests
{
    private const string Digest = "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514";

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData(Digest)]
    [InlineData("B4C9A289323B21A01C3E940F150EB9B8C542587F1ABFD8F0E1CC1FFC5E475514")]
    [InlineData(Digest + "0")]
    [InlineData("0" + Digest)]
    [InlineData("a\0b\0")]
    [InlineData("hashedEmail:" + Digest)]
    [InlineData("address:" + Digest + "|" + Digest + "|US|10001")]
    [InlineData("EMAIL=" + Digest + "\u001fFN=Zoë")]
    public void Text_unpacks_to_exactly_what_was_packed(string text) =>
        Assert.Equal(text, PackedText.Unpack(PackedText.Pack(text)));

    [Fact]
    public void A_digest_is_held_as_its_32_bytes_and_one_marker()
    {
        Assert.Equal(34, PackedText.Pack(Digest).Length);
        Assert.Equal(12 + 34, PackedText.Pack("hashedEmail:" + Digest).Length);
    }

    [Fact]
    public void The_string_set_adds_finds_removes_and_lists_members_as_sent()
    {
        var set = new PackedStringSet();
        Assert.True(set.Add(Digest));
        Assert.False(set.Add(Digest));
        Assert.True(set.Add("raw-id\0x"));
        set.UnionWith(["hashedPhone:" + Digest]);

        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(Digest));
        Assert.False(set.Contains(Digest.ToUpperInvariant()));
        Assert.Equal(new[] { Digest, "hashedPhone:" + Digest, "raw-id\0x" }, set.Order(StringComparer.Ordinal));

        set.ExceptWith([Digest]);
        Assert.False(set.Remove(Digest));
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void The_pair_set_keeps_the_id_type_apart_from_the_id()
    {
        var set = new PackedPairSet();
        Assert.True(set.Add(("EMAIL_SHA256", Digest)));
        Assert.True(set.Add(("PHONE_SHA256", Digest)));
        Assert.False(set.Add(("EMAIL_SHA256", Digest)));

        Assert.True(set.Contains(("PHONE_SHA256", Digest)));
        Assert.Equal(new[] { ("EMAIL_SHA256", Digest), ("PHONE_SHA256", Digest) }, set.Order());
        Assert.True(set.Remove(("EMAIL_SHA256", Digest)));
        Assert.Equal(("PHONE_SHA256", Digest), Assert.Single(set));
    }

    [Fact]
    public void Fields_unpack_to_exactly_what_was_packed_nulls_and_empties_kept_apart()
    {
        string?[] fields = [Digest, null, "", "Zoë\0x", new string('a', 200), null];

        var packed = PackedFields.Pack(fields);

        Assert.Equal(fields, PackedFields.Unpack(packed, fields.Length));
        for (var i = 0; i < fields.Length; i++)
        {
            Assert.Equal(fields[i], PackedFields.Get(packed, i));
        }
    }

    [Fact]
    public void Fields_cost_a_length_byte_each_and_a_digest_its_packed_34_bytes()
    {
        Assert.Equal(1 + 34 + 1 + 1 + 1 + 3, PackedFields.Pack([Digest, null, "", "abc"]).Length);

        // A field of 200 bytes needs a two-byte length.
        Assert.Equal(2 + 200, PackedFields.Pack([new string('x', 200)]).Length);
    }

    [Fact]
    public void A_record_of_nulls_is_one_shared_array()
    {
        var first = PackedFields.Pack([null, null, null]);

        Assert.Same(first, PackedFields.Pack([null, null, null]));
        Assert.Equal(new string?[3], PackedFields.Unpack(first, 3));
        Assert.NotSame(first, PackedFields.Pack([null, null]));
    }
}

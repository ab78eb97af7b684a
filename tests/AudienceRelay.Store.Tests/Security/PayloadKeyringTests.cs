using System.Security.Cryptography;
using AudienceRelay.Store.Security;

namespace AudienceRelay.Store.Tests;

/// <summary>Key ids, key checks and the key file.</summary>
public sealed class PayloadKeyringTests
{
    /// <summary>The current key of a protector (the tests made it; production code never reads a key back).</summary>
    internal static byte[] KeyOf(PayloadProtector protector) => protector.Keys.Current;

    [Fact]
    public void A_key_id_and_check_name_the_key_without_revealing_it()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var ring = new PayloadKeyring(key);

        Assert.Matches("^[0-9a-f]{16}$", ring.CurrentId);
        Assert.Equal(ring.CurrentId, PayloadKeyring.IdOf(key));
        Assert.NotEqual(ring.CurrentId, PayloadKeyring.IdOf(RandomNumberGenerator.GetBytes(32)));
        Assert.DoesNotContain(Convert.ToBase64String(key), ring.CurrentCheck, StringComparison.Ordinal);
        Assert.NotNull(ring.Find(ring.CurrentId, ring.CurrentCheck));
        Assert.Null(ring.Find(ring.CurrentId, PayloadKeyring.CheckOf(RandomNumberGenerator.GetBytes(32))));
    }

    [Fact]
    public void A_key_file_is_created_durably_readable_by_its_owner_only()
    {
        var folder = Directory.CreateTempSubdirectory("audience-key-").FullName;
        try
        {
            var file = Path.Combine(folder, "nested", "payload.key");

            var key = PayloadKey.Create(file);

            Assert.Equal(key, PayloadKey.TryRead(null, file));
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!));
            Assert.ThrowsAny<IOException>(() => PayloadKey.Create(file));
            Assert.Equal(key, PayloadKey.TryRead(null, file));
            Assert.Null(PayloadKey.TryRead(null, Path.Combine(folder, "absent.key")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Previous_keys_name_their_setting_when_malformed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PayloadKey.DecodePrevious([Convert.ToBase64String(new byte[32]), "bm90LWEta2V5"]));

        Assert.Contains("Store__PreviousPayloadKeys__1", error.Message, StringComparison.Ordinal);
    }
}

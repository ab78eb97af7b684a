using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AudienceRelay.Core.Normalization;
using CsCheck;

namespace AudienceRelay.Core.Tests.Normalization;

public sealed class OpenSslSha256Tests
{
    [Fact]
    public void The_OpenSSL_path_is_taken_where_libcrypto_3_is_installed()
    {
        // Guards against a silent fall-back to the slower BCL path on the machines we run on.
        var installed = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libcrypto.so.3", out _);
        Assert.Equal(installed, OpenSslSha256.Available);
    }

    [Fact]
    public void Agrees_with_the_BCL_on_any_bytes_across_block_boundaries_and_threads()
    {
        if (!OpenSslSha256.Available)
        {
            return; // the test above proves that this machine has no libcrypto.so.3
        }

        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            OpenSslSha256.Hash(bytes, digest);
            Assert.Equal(SHA256.HashData(bytes), digest.ToArray());
        }, iter: 10_000, threads: 4);
    }

    [Fact]
    public void A_too_short_digest_buffer_is_refused()
    {
        if (!OpenSslSha256.Available)
        {
            return; // the test above proves that this machine has no libcrypto.so.3
        }

        Assert.Throws<ArgumentException>(() => OpenSslSha256.Hash("abc"u8, new byte[16]));
    }
}

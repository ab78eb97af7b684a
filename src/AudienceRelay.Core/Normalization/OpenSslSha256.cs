using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// SHA-256 of a short value through OpenSSL's one-context functions (SHA256_Init, _Update, _Final) on
/// a context on the stack. Why: on Linux, .NET's SHA-256 (one-shot or a reused IncrementalHash)
/// re-initializes its OpenSSL 3 EVP context with a non-fetched digest after every value, and OpenSSL
/// then looks the algorithm up again: ≈ 250 ns, several times the ≈ 60 ns of hashing a short value
/// with the CPU's SHA extensions (docs/benchmarks.md). This is the same libcrypto .NET itself loads,
/// not crypto code of ours. Where libcrypto.so.3 or these functions are absent (Windows, macOS,
/// another OpenSSL major version), or the known-answer check fails, <see cref="Available"/> is false
/// and <see cref="HashCache"/> keeps .NET's own SHA-256.
/// </summary>
internal static class OpenSslSha256
{
    private const string Library = "libcrypto.so.3";

    // sizeof(SHA256_CTX) is 112 bytes in OpenSSL 1.1 and 3.x; twice that leaves room for any layout change.
    private const int ContextBytes = 256;

    /// <summary>True when the OpenSSL functions load and give the FIPS 180-2 digest of "abc".</summary>
    public static bool Available { get; } = Probe();

    /// <summary>Writes the 32-byte digest of <paramref name="data"/>; only when <see cref="Available"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (digest.Length < SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("The digest buffer holds fewer than 32 bytes.", nameof(digest));
        }

        Span<byte> context = stackalloc byte[ContextBytes];
        ref var state = ref MemoryMarshal.GetReference(context);
        if (NativeMethods.Init(ref state) != 1
            || NativeMethods.Update(ref state, ref MemoryMarshal.GetReference(data), (nuint)data.Length) != 1
            || NativeMethods.Final(ref MemoryMarshal.GetReference(digest), ref state) != 1)
        {
            throw new CryptographicException("OpenSSL's SHA-256 failed.");
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(Library, typeof(OpenSslSha256).Assembly, null, out var handle))
        {
            return false;
        }

        if (!NativeLibrary.TryGetExport(handle, "SHA256_Init", out _)
            || !NativeLibrary.TryGetExport(handle, "SHA256_Update", out _)
            || !NativeLibrary.TryGetExport(handle, "SHA256_Final", out _))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Hash("abc"u8, digest);
        return digest.SequenceEqual(SHA256.HashData("abc"u8));
    }

    private static class NativeMethods
    {
        // The context, the input and the digest are plain byte buffers and the functions neither block nor
        // call back, so the call can skip the GC transition (a third of the call's cost for short values).
        [DllImport(Library, EntryPoint = "SHA256_Init", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [SuppressGCTransition]
        internal static extern int Init(ref byte context);

        [DllImport(Library, EntryPoint = "SHA256_Update", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [SuppressGCTransition]
        internal static extern int Update(ref byte context, ref byte data, nuint length);

        [DllImport(Library, EntryPoint = "SHA256_Final", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [SuppressGCTransition]
        internal static extern int Final(ref byte digest, ref byte context);
    }
}

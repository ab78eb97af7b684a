using System.Runtime.InteropServices;

namespace AudienceRelay.Server.Memory;

/// <summary>
/// The C heap under the runtime (glibc's allocator), which SQLite, Npgsql's native parts and OpenSSL use. Two habits
/// of glibc keep a node's memory high long after a large batch went through, and this class turns both off where
/// glibc is present (on musl, Windows and macOS it does nothing):
/// <list type="bullet">
/// <item>After a large block from <c>mmap</c> is freed, glibc raises its mmap threshold to that size (up to 32 MiB), so
/// the next payload-sized buffers (SQLite binding a 12 MB blob, reading one back) come from its arenas and stay
/// resident once freed. <see cref="Configure"/> fixes the threshold at 1 MiB: larger blocks are mapped and unmapped
/// on their own, and go back to the system the moment they are freed.</item>
/// <item>Free memory inside the arenas is kept; <see cref="Trim"/> (<c>malloc_trim</c>) hands it back, at the quiet
/// sweep of <see cref="MemoryReturn"/>.</item>
/// </list>
/// Measured in docs/benchmarks.md (Memory while accepting): two clients posting 100,000-user batches left
/// 160 MiB more resident without the fixed threshold.
/// </summary>
internal static class NativeHeap
{
    private const string Library = "libc.so.6";

    // mallopt's parameter number for the mmap threshold (malloc.h: M_MMAP_THRESHOLD).
    private const int MmapThresholdParameter = -3;

    private const int MmapThresholdBytes = 1024 * 1024;

    private static readonly bool Available = OperatingSystem.IsLinux()
        && NativeLibrary.TryLoad(Library, typeof(NativeHeap).Assembly, null, out var handle)
        && NativeLibrary.TryGetExport(handle, "malloc_trim", out _)
        && NativeLibrary.TryGetExport(handle, "mallopt", out _);

    private static int _configured;

    /// <summary>Fixes the mmap threshold once per process; true when glibc took it.</summary>
    public static bool Configure() =>
        Available && Interlocked.Exchange(ref _configured, 1) == 0 && NativeMethods.MallOpt(MmapThresholdParameter, MmapThresholdBytes) == 1;

    /// <summary>Returns free C heap memory to the system; true when it could.</summary>
    public static bool Trim() => Available && NativeMethods.MallocTrim(0) != 0;

    private static class NativeMethods
    {
        [DllImport(Library, EntryPoint = "malloc_trim", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int MallocTrim(nuint pad);

        [DllImport(Library, EntryPoint = "mallopt", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int MallOpt(int parameter, int value);
    }
}

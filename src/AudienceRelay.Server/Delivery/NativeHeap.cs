using System.Runtime.InteropServices;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// Hands the C heap's free memory back to the operating system (glibc's <c>malloc_trim</c>). SQLite reads a large
/// payload through buffers from the C heap; once freed, glibc keeps that memory in its per-thread arenas (it raises
/// its trim threshold after every large free), so a node that read a 26 MB payload kept 20-25 MiB of free C heap
/// resident for good (docs/benchmarks.md, Memory while delivering). Where the function is absent (musl, Windows,
/// macOS) this does nothing.
/// </summary>
internal static class NativeHeap
{
    private const string Library = "libc.so.6";

    private static readonly bool Available = OperatingSystem.IsLinux()
        && NativeLibrary.TryLoad(Library, typeof(NativeHeap).Assembly, null, out var handle)
        && NativeLibrary.TryGetExport(handle, "malloc_trim", out _);

    /// <summary>Returns free C heap memory to the system; true when it could.</summary>
    public static bool Trim() => Available && NativeMethods.MallocTrim(0) != 0;

    private static class NativeMethods
    {
        [DllImport(Library, EntryPoint = "malloc_trim", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int MallocTrim(nuint pad);
    }
}

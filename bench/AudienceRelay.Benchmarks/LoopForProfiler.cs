using System.Diagnostics;
using System.Globalization;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// Runs row paths with no harness around them. <c>--loop NAME BATCHES</c>: one path, for <c>perf record</c>.
/// <c>--ab A B ROUNDS</c>: the two paths interleaved (A, B, A, B, ...) after a warm-up, each round timing 3
/// batches of 10,000 users by the process's CPU time (all threads, so the GC's too) and by the wall clock,
/// then the median per user of each: on a shared machine, interleaving puts both under the same load, and
/// CPU time leaves out the time spent waiting for a core.
/// </summary>
internal static class LoopForProfiler
{
    private const int UsersPerBatch = 10_000;
    private const int BatchesPerRound = 3;

    public static int Run(string which, int batches)
    {
        var bench = Prepare();
        var step = Step(bench, which);
        var total = 0L;
        for (var i = 0; i < batches; i++)
        {
            total += step();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{which}: {batches} batches, {total} results, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        return 0;
    }

    public static int Compare(string first, string second, int rounds)
    {
        var bench = Prepare();
        string[] names = [first, second];
        Func<int>[] steps = [Step(bench, first), Step(bench, second)];
        var cpu = new List<double>[] { [], [] };
        var wall = new List<double>[] { [], [] };
        var allocated = new long[2];
        for (var warm = 0; warm < 10; warm++)
        {
            steps[0]();
            steps[1]();
        }

        var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            for (var which = 0; which < 2; which++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                for (var batch = 0; batch < BatchesPerRound; batch++)
                {
                    steps[which]();
                }

                clock.Stop();
                process.Refresh();
                const double Users = BatchesPerRound * UsersPerBatch;
                cpu[which].Add((process.TotalProcessorTime - cpuBefore).TotalNanoseconds / Users);
                wall[which].Add(clock.Elapsed.TotalNanoseconds / Users);
                allocated[which] += GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
            }
        }

        for (var which = 0; which < 2; which++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{names[which],-12} CPU median {Median(cpu[which]),7:F0} ns/user (min {cpu[which].Min(),7:F0}), wall median {Median(wall[which]),7:F0} ns/user (min {wall[which].Min(),7:F0}), allocated {allocated[which] / (rounds * BatchesPerRound * (double)UsersPerBatch),5:F0} B/user"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU ratio {names[1]}/{names[0]}: {Median(cpu[1]) / Median(cpu[0]):F2}; {rounds} rounds of {BatchesPerRound} batches of {UsersPerBatch} users each"));
        return 0;
    }

    private static NormalizationBenchmarks Prepare()
    {
        var bench = new NormalizationBenchmarks();
        bench.Setup();
        return bench;
    }

    private static Func<int> Step(NormalizationBenchmarks bench, string which) => which switch
    {
        "new" => bench.NormalizeHashAndBuildMetaRows,
        "before" => bench.NormalizeHashAndBuildLegacyRows,
        "new-keys" => bench.HashAndBuildMetaRows,
        "before-keys" => bench.HashAndBuildLegacyRows,
        "new-json" => bench.RowsAndJson,
        "before-json" => bench.LegacyRowsAndJson,
        "normalize" => bench.NormalizeOnly,
        _ => throw new ArgumentException("expected new, before, new-keys, before-keys, new-json, before-json or normalize", nameof(which)),
    };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

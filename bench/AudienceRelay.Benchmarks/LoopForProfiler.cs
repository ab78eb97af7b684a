namespace AudienceRelay.Benchmarks;

/// <summary>
/// Runs one row path for a number of 10,000-user batches with no harness around it, for
/// <c>perf stat -e instructions:u</c>: the difference between N batches and "none" (set-up only) divided by
/// N × 10,000 is instructions per user, a figure other work on the machine barely moves.
/// </summary>
internal static class LoopForProfiler
{
    public static int Run(string which, int batches)
    {
        var bench = new NormalizationBenchmarks();
        bench.Setup();
        Func<int> step = which switch
        {
            "new" => bench.NormalizeHashAndBuildMetaRows,
            "before" => bench.NormalizeHashAndBuildLegacyRows,
            "new-json" => bench.RowsAndJson,
            "before-json" => bench.LegacyRowsAndJson,
            "none" => () => 0,
            _ => throw new ArgumentException("expected new, before, new-json, before-json or none", nameof(which)),
        };

        // One batch first so both paths are jitted, as in the "none" run below.
        bench.NormalizeHashAndBuildMetaRows();
        bench.NormalizeHashAndBuildLegacyRows();
        var total = 0L;
        for (var i = 0; i < batches; i++)
        {
            total += step();
        }

        Console.WriteLine($"{which}: {batches} batches, {total} results, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes(precise: true)} bytes");
        return 0;
    }
}

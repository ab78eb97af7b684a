using AudienceRelay.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AudienceRelay.Benchmarks -- --filter '*' --job short
// The primary ledger's commit: `-- --ledger sqlite|postgres <removed keys> <rounds>`.
// One path for `perf record`: `-- --loop new <batches>`; two paths interleaved, CPU time per user: `-- --ab new before <rounds>`.
if (args is ["--loop", var which, var batches])
{
    return LoopForProfiler.Run(which, int.Parse(batches, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["--ledger", var engine, var removed, var ledgerRounds])
{
    return LedgerCommitBench.Run(engine, int.Parse(removed, System.Globalization.CultureInfo.InvariantCulture), int.Parse(ledgerRounds, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["--ab", var first, var second, var rounds])
{
    return LoopForProfiler.Compare(first, second, int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(NormalizationBenchmarks).Assembly).Run(args);
return 0;

using AudienceRelay.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AudienceRelay.Benchmarks -- --filter '*' --job short
// Under `perf stat` (instructions per user, which load barely moves): `-- --loop new|before|none <batches>`.
if (args is ["--loop", var which, var batches])
{
    return LoopForProfiler.Run(which, int.Parse(batches, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(NormalizationBenchmarks).Assembly).Run(args);
return 0;

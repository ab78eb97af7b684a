using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AudienceRelay.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(AudienceRelay.Benchmarks.NormalizationBenchmarks).Assembly).Run(args);

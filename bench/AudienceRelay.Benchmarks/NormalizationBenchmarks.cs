using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using BenchmarkDotNet.Attributes;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// Issue 4: normalize + hash + build Meta <c>data</c> rows for a batch of 10,000 users. Each
/// benchmark handles the whole batch with a fresh <see cref="HashCache"/> (one per batch, as in
/// production); results are reported per user (OperationsPerInvoke), so users/s = 1e9 / Mean(ns).
/// </summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    private const int BatchSize = 10_000;

    private AudienceUser[] _users = [];
    private MatchKeys[] _keys = [];
    private string[][] _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        _users = SyntheticUsers.Create(BatchSize);
        _keys = Array.ConvertAll(_users, u => IdentityNormalizer.Normalize(u));
        _rows = new string[BatchSize][];
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Baseline = true, Description = "normalize + hash + Meta row")]
    public int NormalizeHashAndBuildMetaRows()
    {
        var cache = new HashCache(3 * BatchSize);
        var count = 0;
        foreach (var user in _users)
        {
            var keys = IdentityNormalizer.Normalize(user);
            if (keys.IsUsable)
            {
                _rows[count++] = MetaIdentity.Row(keys, cache, includeLookalikeValue: true);
            }
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "normalize only")]
    public int NormalizeOnly()
    {
        var usable = 0;
        foreach (var user in _users)
        {
            usable += IdentityNormalizer.Normalize(user).IsUsable ? 1 : 0;
        }

        return usable;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "hash + Meta row (keys ready)")]
    public int HashAndBuildMetaRows()
    {
        var cache = new HashCache(3 * BatchSize);
        for (var i = 0; i < _keys.Length; i++)
        {
            _rows[i] = MetaIdentity.Row(_keys[i], cache, includeLookalikeValue: true);
        }

        return cache.Count;
    }
}

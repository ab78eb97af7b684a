using System.Buffers;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using BenchmarkDotNet.Attributes;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// Issues 4 and 18: normalize + hash + build Meta <c>data</c> rows for a batch of 10,000 users. Each
/// benchmark handles the whole batch with a fresh <see cref="HashCache"/> (one per batch, as in
/// production); results are reported per user (OperationsPerInvoke), so users/s = 1e9 / Mean(ns).
/// The rows of the last batch stay alive until the next one, as a delivery holds them. The "before"
/// rows (<see cref="LegacyMetaRows"/>) run in the same process, so an A/B is under the same load.
/// </summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    private const int BatchSize = 10_000;

    private readonly ArrayBufferWriter<byte> _json = new(4 << 20);
    private AudienceUser[] _users = [];
    private MatchKeys[] _keys = [];
    private MetaRow[] _rows = [];
    private string[][] _legacyRows = [];
    private HashCache _cache = new();

    [GlobalSetup]
    public void Setup()
    {
        _users = SyntheticUsers.Create(BatchSize);
        _keys = Array.ConvertAll(_users, u => IdentityNormalizer.Normalize(u));
        _rows = new MetaRow[BatchSize];
        _legacyRows = new string[BatchSize][];
    }

    /// <summary>What MetaRows.From does for a batch: a MetaRow per usable user that identifies someone.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize, Baseline = true, Description = "normalize + hash + Meta row")]
    public int NormalizeHashAndBuildMetaRows()
    {
        var cache = _cache = new HashCache(3 * BatchSize);
        var count = 0;
        foreach (var user in _users)
        {
            var keys = IdentityNormalizer.Normalize(user);
            if (keys.IsUsable && MetaRow.For(keys, cache, includeLookalikeValue: true) is { Identifies: true } row)
            {
                _rows[count++] = row;
            }
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "before: normalize + hash + string row")]
    public int NormalizeHashAndBuildLegacyRows()
    {
        var legacy = new LegacyMetaRows(3 * BatchSize);
        var count = 0;
        foreach (var user in _users)
        {
            var keys = IdentityNormalizer.Normalize(user);
            if (keys.IsUsable)
            {
                _legacyRows[count++] = legacy.Row(keys, includeLookalikeValue: true);
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
        var cache = _cache = new HashCache(3 * BatchSize);
        for (var i = 0; i < _keys.Length; i++)
        {
            _rows[i] = MetaRow.For(_keys[i], cache, includeLookalikeValue: true);
        }

        return cache.Count;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "before: hash + string row (keys ready)")]
    public int HashAndBuildLegacyRows()
    {
        var legacy = new LegacyMetaRows(3 * BatchSize);
        for (var i = 0; i < _keys.Length; i++)
        {
            _legacyRows[i] = legacy.Row(_keys[i], includeLookalikeValue: true);
        }

        return legacy.Count;
    }

    /// <summary>The whole Meta path: normalize, hash, rows, and the rows written as payload.data JSON (one request of 10,000).</summary>
    [Benchmark(OperationsPerInvoke = BatchSize, Description = "normalize + hash + Meta row + JSON")]
    public int RowsAndJson()
    {
        var count = NormalizeHashAndBuildMetaRows();
        _json.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_json);
        writer.WriteStartArray();
        foreach (ref readonly var row in _rows.AsSpan(0, count))
        {
            row.WriteTo(writer, _cache, includeLookalikeValue: true);
        }

        writer.WriteEndArray();
        writer.Flush();
        return _json.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "before: normalize + hash + string row + JSON")]
    public int LegacyRowsAndJson()
    {
        var count = NormalizeHashAndBuildLegacyRows();
        _json.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_json);
        writer.WriteStartArray();
        foreach (var row in _legacyRows.AsSpan(0, count))
        {
            writer.WriteStartArray();
            foreach (var cell in row)
            {
                writer.WriteStringValue(cell);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.Flush();
        return _json.WrittenCount;
    }
}

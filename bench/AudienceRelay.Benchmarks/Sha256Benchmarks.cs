using System.Security.Cryptography;
using AudienceRelay.Core.Normalization;
using BenchmarkDotNet.Attributes;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// Raw SHA-256 cost per call on 16- and 64-byte inputs, to compare with
/// <c>openssl speed -evp sha256 -bytes 16|64</c> (which reports bytes/s: divide by the size for hashes/s).
/// </summary>
[MemoryDiagnoser]
public class Sha256Benchmarks
{
    private readonly byte[] _digest = new byte[SHA256.HashSizeInBytes];
    private byte[] _input = [];
    private string _text = "";
    private IncrementalHash? _incremental;

    [Params(16, 64)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = new byte[Bytes];
        new Random(7).NextBytes(_input);
        _text = new string('a', Bytes);
        _incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    [GlobalCleanup]
    public void Cleanup() => _incremental?.Dispose();

    [Benchmark(Baseline = true, Description = "SHA256.HashData (one-shot)")]
    public int OneShot() => SHA256.HashData(_input, _digest);

    [Benchmark(Description = "IncrementalHash (reused)")]
    public int Reused()
    {
        _incremental!.AppendData(_input);
        return _incremental.GetHashAndReset(_digest);
    }

    [Benchmark(Description = "HashCache.Compute (UTF-8 + SHA-256 + hex)")]
    public string ToLowerHex() => HashCache.Compute(_text);
}

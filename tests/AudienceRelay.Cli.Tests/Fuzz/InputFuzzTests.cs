using System.Text;
using AudienceRelay.Cli.Input;
using AudienceRelay.Cli.Tests.Infrastructure;
using CsCheck;

namespace AudienceRelay.Cli.Tests.Fuzz;

/// <summary>
/// Hostile files through the CLI's CSV and JSONL readers, for a bounded time (<c>AUDIENCE_FUZZ_SECONDS</c>, 10 s by
/// default per reader): every file is read to its end as good and bad rows, or refused with an
/// <see cref="InputException"/> naming a line, and never throws anything else. Rows carry no input text in their errors.
/// </summary>
public sealed class InputFuzzTests : IDisposable
{
    private static readonly string[] CsvPieces =
    [
        "email", "phone", "first_name", "Country", "postalCode", "edgeTagId", "tier", ",", ",", "\"", "\"\"", "\r\n", "\n", "\r",
        "ann@example.com", "+1 650 555 1212", "Zoë", "\u0000", "\t", " ", "\uFEFF", "é", "𝓪", "=cmd()", "\"a,b\"",
    ];

    private static readonly string[] JsonPieces =
    [
        "{", "}", "[", "]", ",", ":", "\"email\"", "\"phone\"", "\"purchase\"", "\"currency\"", "\"tier\"", "\"ann@example.com\"",
        "\"\\ud800\"", "\"\\u0000\"", "null", "true", "1e999", "-1", "\n", "\r\n", " ", "\"", "\\", "{\"email\":\"x@example.com\"}",
    ];

    private static readonly byte[] Invalid = [0xFF, 0xC0, 0xED, 0xA0, 0x80, 0xF8];

    private readonly TempFolder folder = new();

    private static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("AUDIENCE_FUZZ_SECONDS"), out var s) ? Math.Max(1, s / 2) : 10;

    private static Gen<byte[]> File(string[] pieces) =>
        Gen.Frequency(
            (8, Gen.OneOfConst(pieces).Select(p => Encoding.UTF8.GetBytes(p))),
            (1, Gen.OneOfConst(Invalid).Select(b => new[] { b })),
            (1, Gen.Int[1, 200_000].Select(n => Encoding.UTF8.GetBytes(new string('a', n)))))
        .Array[0, 60]
        .Select(parts => parts.SelectMany(p => p).ToArray());

    [Fact]
    public void Hostile_csv_files_are_read_or_refused_with_a_line_never_crashing()
    {
        File(CsvPieces).Sample(
            bytes => ReadAll(new CsvUserSource(Write(bytes, "users.csv"), ColumnMapping.Empty)),
            time: Seconds,
            threads: 1,
            seed: Environment.GetEnvironmentVariable("AUDIENCE_FUZZ_SEED"),
            print: Describe);
    }

    [Fact]
    public void Hostile_jsonl_files_are_read_or_refused_with_a_line_never_crashing()
    {
        File(JsonPieces).Sample(
            bytes => ReadAll(new JsonLinesUserSource(Write(bytes, "users.jsonl"), ColumnMapping.Empty)),
            time: Seconds,
            threads: 1,
            seed: Environment.GetEnvironmentVariable("AUDIENCE_FUZZ_SEED"),
            print: Describe);
    }

    /// <summary>Found by the fuzzer: a file without a header row quoted its first customer's email back as an "unknown column".</summary>
    [Fact]
    public void A_file_without_a_header_row_is_refused_without_quoting_its_first_customer()
    {
        var path = Write(Encoding.UTF8.GetBytes("ann@example.com,+16505551212\nbob@example.com,+16505551213\n"), "users.csv");

        var refused = Assert.Throws<InputException>(() => new CsvUserSource(path, ColumnMapping.Empty).ReadRows().ToList());

        Assert.Equal(1, refused.Line);
        Assert.Contains("header row", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("555", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by the fuzzer: a JSONL line whose key was an email was quoted back; a lone surrogate escape threw.</summary>
    [Fact]
    public void A_jsonl_line_with_data_as_a_key_or_a_lone_surrogate_is_a_bad_row_that_quotes_nothing()
    {
        var path = Write(Encoding.UTF8.GetBytes("{\"ann@example.com\":\"x\"}\n{\"\\ud800\":1}\n{\"email\":\"a\\udc00@example.com\"}\n"), "users.jsonl");

        var rows = new JsonLinesUserSource(path, ColumnMapping.Empty).ReadRows().ToList();

        Assert.Equal([1, 2, 3], rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.NotNull(r.Error));
        Assert.All(rows, r => Assert.DoesNotContain("example.com", r.Error!, StringComparison.Ordinal));
    }

    public void Dispose() => folder.Dispose();

    private static void ReadAll(IUserSource source)
    {
        try
        {
            foreach (var row in source.ReadRows())
            {
                Assert.True(row.Line >= 1, "a row without a line number");
                Assert.True((row.User is null) != (row.Error is null), "a row is either a user or an error");
                Assert.DoesNotContain("ann@example.com", row.Error ?? string.Empty, StringComparison.Ordinal);
            }
        }
        catch (InputException refused)
        {
            Assert.True(refused.Line >= 1, "a refusal without a line number");
            Assert.DoesNotContain("ann@example.com", refused.Message, StringComparison.Ordinal);
        }
    }

    private string Write(byte[] bytes, string name)
    {
        var path = folder.File(Guid.NewGuid().ToString("N") + "-" + name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Describe(byte[] bytes) => $"{bytes.Length} bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 200)))}";
}

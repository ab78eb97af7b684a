using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Facebook;

namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>
/// MetaRows keeps its rows as values with digests by reference and writes their hex straight into the request:
/// the body must be exactly what serializing the string rows of MetaIdentity.Row gave, chunk by chunk.
/// </summary>
public sealed class MetaRowsTests
{
    // The default encoder, as FacebookJsonContext uses.
    private static readonly JsonSerializerOptions Plain = new();

    private static readonly AudienceUser[] Users =
    [
        new() { Email = " Jane.Doe@Example.com ", Phone = "+1 (650) 555-0123", FirstName = "Valéry", LastName = "O'Brien", Country = "US", PostalCode = "94025-1234", EdgeTagId = "edge-\"1\"" },
        new() { Phone = "abc", Purchase = new PurchaseData { Profit = 5m } }, // nothing identifies: skipped
        new() { Email = "836F82DB99121B3481011F16B49DFA5FBC714A0D1B1B9F784A1EBBBF5B39577F", Purchase = new PurchaseData { Total7Days = -2m } },
        new() { EdgeTagId = "  edge-<2>  ", Country = "United Kingdom", PostalCode = "sw1a 1aa" },
        new() { Email = "jane.doe@example.com", FirstName = "정", LastName = "e\u0301", Purchase = new PurchaseData { Profit = 12.25m } },
        new() { FirstName = "Only", LastName = "Names" }, // no email, phone or edgeTagId: skipped
    ];

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    [InlineData(true, 10)]
    public void Each_chunk_serializes_as_the_string_rows_did(bool valueBased, int size)
    {
        var keys = Users.Select(IdentityNormalizer.Normalize).ToArray();
        var expected = keys.Where(k => k.IsUsable)
            .Select(k => MetaIdentity.Row(k, new HashCache(), valueBased))
            .Where(row => row.Take(7).Any(cell => cell.Length > 0))
            .ToArray();

        var rows = MetaRows.From(keys, new HashCache(), valueBased);

        Assert.Equal(4, rows.Count);
        Assert.Equal(2, rows.Skipped);
        Assert.Equal(MetaIdentity.Schema(valueBased), rows.Schema);
        Assert.Equal((expected.Length + size - 1) / size, rows.Chunks(size));
        for (var chunk = 0; chunk < rows.Chunks(size); chunk++)
        {
            var body = new UsersBody(new UsersPayload(rows.Schema, rows.Chunk(chunk, size)), new UsersSession(7, chunk + 1, false, 6));
            using var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(body, FacebookJsonContext.Default.UsersBody));

            var data = json.RootElement.GetProperty("payload").GetProperty("data").GetRawText();

            Assert.Equal(JsonSerializer.Serialize(expected.Skip(chunk * size).Take(size).ToArray(), Plain), data);
        }
    }
}

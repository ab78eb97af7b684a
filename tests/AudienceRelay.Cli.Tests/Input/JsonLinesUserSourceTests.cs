using AudienceRelay.Cli.Input;
using AudienceRelay.Cli.Tests.Infrastructure;

namespace AudienceRelay.Cli.Tests.Input;

public sealed class JsonLinesUserSourceTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Reads_one_user_per_line_with_a_nested_purchase_and_numbers_for_text_fields()
    {
        var rows = Read(
            """
            {"edgeTagId":"et_9","email":"nia@example.org","phone":2125550123,"firstName":"Nia","country":"US","postalCode":10001,"purchase":{"currency":"USD","profit":"7.25","total7Days":30}}

            {"Email":"oz@example.com","purchase":null}
            """);

        Assert.Equal([1, 3], rows.Select(r => r.Line));
        var first = rows[0].User!;
        Assert.Equal("nia@example.org", first.Email);
        Assert.Equal("2125550123", first.Phone);
        Assert.Equal("10001", first.PostalCode);
        Assert.Equal(7.25m, first.Purchase!.Profit);
        Assert.Equal(30m, first.Purchase.Total7Days);
        Assert.Equal("oz@example.com", rows[1].User!.Email);
        Assert.Null(rows[1].User!.Purchase);
    }

    [Fact]
    public void Invalid_json_is_a_bad_row_with_its_line_and_a_position_but_no_content()
    {
        var rows = Read("{\"email\":\"pat@example.com\"}\n{\"email\":\"quinn@example.com\",}\n{\"email\":\"ria@example.com\"\n");

        Assert.NotNull(rows[0].User);
        Assert.Equal(2, rows[1].Line);
        Assert.StartsWith("invalid JSON at byte", rows[1].Error, StringComparison.Ordinal);
        Assert.Equal(3, rows[2].Line);
        Assert.StartsWith("invalid JSON", rows[2].Error, StringComparison.Ordinal);
        Assert.All(rows.Skip(1), row => Assert.DoesNotContain("example.com", row.Error, StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_that_is_not_an_object_or_has_an_unknown_field_is_a_bad_row()
    {
        var rows = Read("[\"sam@example.com\"]\n{\"email\":\"tom@example.com\",\"tier\":\"gold\"}\n{\"email\":true}\n");

        Assert.Equal("expected a JSON object", rows[0].Error);
        Assert.Contains("unknown field 'tier'", rows[1].Error, StringComparison.Ordinal);
        Assert.Contains("Known fields: edgeTagId", rows[1].Error, StringComparison.Ordinal);
        Assert.Contains("must be a string or a number", rows[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_applies_to_property_names()
    {
        var rows = Read("{\"mail\":\"uma@example.com\",\"tier\":{\"level\":2}}\n", ColumnMapping.Parse(["mail=email", "tier=ignore"]));

        Assert.Equal("uma@example.com", Assert.Single(rows).User!.Email);
    }

    public void Dispose() => folder.Dispose();

    private List<InputRow> Read(string content, ColumnMapping? mapping = null)
    {
        var path = folder.Write($"{Guid.NewGuid():N}.jsonl", content);
        return new JsonLinesUserSource(path, mapping ?? ColumnMapping.Empty).ReadRows().ToList();
    }
}

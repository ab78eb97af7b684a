using AudienceRelay.Cli.Input;
using AudienceRelay.Cli.Tests.Infrastructure;

namespace AudienceRelay.Cli.Tests.Input;

public sealed class CsvUserSourceTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Headers_match_fields_ignoring_case_spaces_and_separators()
    {
        var rows = Read("EdgeTagId,E-mail,PHONE,First Name,last_name,Country,postalcode\net_1,ana@example.com,+1 212-555-0101,Ana,Lind,US,10001\n");

        var user = Assert.Single(rows).User!;
        Assert.Equal("et_1", user.EdgeTagId);
        Assert.Equal("ana@example.com", user.Email);
        Assert.Equal("+1 212-555-0101", user.Phone);
        Assert.Equal("Ana", user.FirstName);
        Assert.Equal("Lind", user.LastName);
        Assert.Equal("US", user.Country);
        Assert.Equal("10001", user.PostalCode);
        Assert.Null(user.Purchase);
    }

    [Fact]
    public void Map_overrides_a_column_and_ignore_drops_one()
    {
        var mapping = ColumnMapping.Parse(["Mail Address=email", "notes=ignore"]);

        var rows = Read("Mail Address,notes\nbo@example.org,likes tea\n", mapping);

        var user = Assert.Single(rows).User!;
        Assert.Equal("bo@example.org", user.Email);
        Assert.Null(user.FirstName);
    }

    [Fact]
    public void Purchase_columns_become_the_purchase_object()
    {
        var rows = Read("email,currency,profit,total7Days\ncy@example.com,USD,12.50,1e2\n");

        var purchase = Assert.Single(rows).User!.Purchase!;
        Assert.Equal("USD", purchase.Currency);
        Assert.Equal(12.50m, purchase.Profit);
        Assert.Equal(100m, purchase.Total7Days);
    }

    [Fact]
    public void An_unknown_column_without_a_mapping_fails_on_the_header_listing_known_fields()
    {
        var failure = Assert.Throws<InputException>(() => Read("email,Loyalty Tier\ndi@example.com,gold\n"));

        Assert.Equal(1, failure.Line);
        Assert.Contains("'Loyalty Tier'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("edgeTagId, email, phone", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--map", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_for_a_column_the_header_lacks_is_an_error()
    {
        var failure = Assert.Throws<InputException>(() => Read("email\ned@example.com\n", ColumnMapping.Parse(["mobile=phone"])));

        Assert.Contains("'mobile'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_columns_for_one_field_are_an_error()
    {
        var failure = Assert.Throws<InputException>(() => Read("email,E-Mail\nfa@example.com,fa@example.com\n"));

        Assert.Contains("both fill the field email", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rows_carry_their_line_and_reason_but_never_their_content()
    {
        var rows = Read(
            "email,firstName,profit\n" +
            "gus@example.com,Gus,1\n" +
            "\"multi\nline@example.com\",Hal,2\n" +
            "ida@example.com,Ida\n" +
            "jo@example.com,Jo,lots\n" +
            "ken@example.com,K\"en,3\n" +
            ",,\n" +
            "lu@example.com,Lu,4\n");

        Assert.Equal([2, 3, 9], rows.Where(r => r.User is not null).Select(r => r.Line));
        var bad = rows.Where(r => r.User is null).ToList();
        Assert.Equal([5, 6, 7, 8], bad.Select(r => r.Line));
        Assert.Contains("fields where the header has 3", bad[0].Error, StringComparison.Ordinal);
        Assert.Contains("profit is not a number", bad[1].Error, StringComparison.Ordinal);
        Assert.Contains("quote", bad[2].Error, StringComparison.Ordinal);
        Assert.Contains("no values", bad[3].Error, StringComparison.Ordinal);
        Assert.All(bad, row => Assert.DoesNotContain("example.com", row.Error, StringComparison.Ordinal));
        Assert.All(bad, row => Assert.DoesNotContain("lots", row.Error, StringComparison.Ordinal));
    }

    [Fact]
    public void A_byte_order_mark_does_not_become_part_of_the_first_header()
    {
        var path = folder.File("bom.csv");
        File.WriteAllText(path, "email\nmo@example.com\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var rows = new CsvUserSource(path, ColumnMapping.Empty).ReadRows().ToList();

        Assert.Equal("mo@example.com", Assert.Single(rows).User!.Email);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        var failure = Assert.Throws<InputException>(() => Read(""));

        Assert.Contains("header", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_entries_must_name_a_known_field()
    {
        var failure = Assert.Throws<UsageException>(() => ColumnMapping.Parse(["mobile=cellphone"]));

        Assert.Contains("unknown field 'cellphone'", failure.Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => ColumnMapping.Parse(["no-equals-sign"]));
    }

    public void Dispose() => folder.Dispose();

    private List<InputRow> Read(string content, ColumnMapping? mapping = null)
    {
        var path = folder.Write($"{Guid.NewGuid():N}.csv", content);
        return new CsvUserSource(path, mapping ?? ColumnMapping.Empty).ReadRows().ToList();
    }
}

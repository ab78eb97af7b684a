using AudienceRelay.Cli.Input;

namespace AudienceRelay.Cli.Tests.Input;

public sealed class CsvTokenizerTests
{
    [Fact]
    public void Quoted_fields_keep_commas_and_doubled_quotes()
    {
        var records = Read("a,\"b,c\",\"d \"\"quoted\"\"\"\n");

        Assert.Equal(["a", "b,c", "d \"quoted\""], Assert.Single(records).Fields);
    }

    [Fact]
    public void A_quoted_line_break_stays_in_the_field_and_later_records_keep_their_line_numbers()
    {
        var records = Read("\"first\nsecond\",x\r\nnext,y\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["first\nsecond", "x"], records[0].Fields);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(["next", "y"], records[1].Fields);
        Assert.Equal(3, records[1].Line);
    }

    [Fact]
    public void Crlf_lf_and_lone_cr_all_end_records_and_blank_lines_are_skipped()
    {
        var records = Read("a,b\r\n\r\nc,d\re,f\n\n");

        Assert.Equal([["a", "b"], ["c", "d"], ["e", "f"]], records.Select(r => r.Fields));
        Assert.Equal([1, 3, 4], records.Select(r => r.Line));
    }

    [Fact]
    public void A_trailing_comma_is_an_empty_last_field_and_the_last_line_needs_no_line_break()
    {
        var records = Read("a,b,\nc,,d");

        Assert.Equal([["a", "b", ""], ["c", "", "d"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_spoils_only_its_record()
    {
        var records = Read("ok,1\nab\"c,2\nfine,3\n");

        Assert.Equal(3, records.Count);
        Assert.Null(records[0].Error);
        Assert.Equal(2, records[1].Line);
        Assert.Contains("quote inside an unquoted field", records[1].Error, StringComparison.Ordinal);
        Assert.Equal(["fine", "3"], records[2].Fields);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_reported_on_its_line()
    {
        var records = Read("h1,h2\n\"ab\"cd,2\nx,y\n");

        Assert.Equal(2, records[1].Line);
        Assert.Contains("after a closing quote", records[1].Error, StringComparison.Ordinal);
        Assert.Equal(["x", "y"], records[2].Fields);
    }

    [Fact]
    public void A_quote_never_closed_stops_the_read_naming_the_line_it_opened_on()
    {
        var failure = Assert.Throws<InputException>(() => Read("h1,h2\nok,1\n\"never closed,2\nmore,3\n"));

        Assert.Equal(3, failure.Line);
        Assert.Contains("never closed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_longer_than_the_reader_buffer_are_read_whole()
    {
        var longValue = new string('x', 200_000);

        var records = Read($"\"{longValue}\",b\nc,d\n");

        Assert.Equal(longValue, records[0].Fields[0]);
        Assert.Equal(["c", "d"], records[1].Fields);
    }

    private static List<(int Line, string[] Fields, string? Error)> Read(string text)
    {
        var tokenizer = new CsvTokenizer(new StringReader(text));
        var fields = new List<string>();
        var records = new List<(int, string[], string?)>();
        while (tokenizer.ReadRecord(fields, out var line, out var error))
        {
            records.Add((line, [.. fields], error));
        }

        return records;
    }
}

using System.Text;

namespace AudienceRelay.Cli.Input;

/// <summary>
/// A streaming RFC 4180 reader (https://www.rfc-editor.org/rfc/rfc4180): comma-separated fields, fields in double
/// quotes may hold commas, line breaks and doubled quotes. Records end with CRLF, LF or a lone CR. Blank lines are
/// skipped. A quoting mistake spoils only its own record, except a quote that is never closed, which swallows the
/// rest of the file and so stops the read.
/// </summary>
internal sealed class CsvTokenizer(TextReader reader)
{
    /// <summary>No user field is anywhere near this long; a longer one means a quote was never closed.</summary>
    internal const int MaxFieldLength = 1 << 20;

    private readonly char[] buffer = new char[64 * 1024];
    private readonly StringBuilder field = new();
    private int position;
    private int length;
    private int line = 1;

    private enum Ending
    {
        Comma,
        EndOfRecord,
        EndOfInput,
    }

    /// <summary>
    /// Reads the next record into <paramref name="fields"/>; <see langword="false"/> at the end of the input.
    /// A record with a quoting mistake comes back with <paramref name="error"/> set and its fields incomplete.
    /// </summary>
    public bool ReadRecord(List<string> fields, out int startLine, out string? error)
    {
        fields.Clear();
        error = null;
        while (true)
        {
            startLine = line;
            var next = Peek();
            if (next == -1)
            {
                return false;
            }

            if (next is not ('\r' or '\n'))
            {
                break;
            }

            ConsumeLineBreak();
        }

        while (true)
        {
            var ending = ReadField(ref error);
            fields.Add(field.Length == 0 ? "" : field.ToString());
            if (error is not null)
            {
                SkipRestOfLine();
                return true;
            }

            if (ending != Ending.Comma)
            {
                return true;
            }
        }
    }

    private Ending ReadField(ref string? error)
    {
        field.Clear();
        if (Peek() == '"')
        {
            Read();
            ReadQuoted();
            var after = Peek();
            switch (after)
            {
                case ',':
                    Read();
                    return Ending.Comma;
                case '\r' or '\n':
                    ConsumeLineBreak();
                    return Ending.EndOfRecord;
                case -1:
                    return Ending.EndOfInput;
                default:
                    error = "unexpected text after a closing quote (a quote inside a quoted field must be doubled)";
                    return Ending.EndOfRecord;
            }
        }

        while (true)
        {
            var next = Peek();
            switch (next)
            {
                case ',':
                    Read();
                    return Ending.Comma;
                case '\r' or '\n':
                    ConsumeLineBreak();
                    return Ending.EndOfRecord;
                case -1:
                    return Ending.EndOfInput;
                case '"':
                    error = "a quote inside an unquoted field (quote the whole field and double the quotes inside it)";
                    return Ending.EndOfRecord;
                default:
                    Read();
                    Append((char)next, line);
                    break;
            }
        }
    }

    private void ReadQuoted()
    {
        var openedOn = line;
        while (true)
        {
            var next = Read();
            switch (next)
            {
                case -1:
                    throw new InputException(openedOn, "a quoted field opened on this line is never closed");
                case '"' when Peek() == '"':
                    Read();
                    Append('"', openedOn);
                    break;
                case '"':
                    return;
                case '\r' when Peek() == '\n':
                    Read();
                    Append('\r', openedOn);
                    Append('\n', openedOn);
                    line++;
                    break;
                case '\r' or '\n':
                    Append((char)next, openedOn);
                    line++;
                    break;
                default:
                    Append((char)next, openedOn);
                    break;
            }
        }
    }

    private void Append(char c, int fieldLine)
    {
        if (field.Length >= MaxFieldLength)
        {
            throw new InputException(fieldLine, "a field is longer than 1 MiB characters; is a quote never closed?");
        }

        field.Append(c);
    }

    private void SkipRestOfLine()
    {
        while (Peek() is not (-1 or '\r' or '\n'))
        {
            Read();
        }

        if (Peek() != -1)
        {
            ConsumeLineBreak();
        }
    }

    private void ConsumeLineBreak()
    {
        if (Read() == '\r' && Peek() == '\n')
        {
            Read();
        }

        line++;
    }

    private int Peek() => position < length || Fill() ? buffer[position] : -1;

    private int Read() => position < length || Fill() ? buffer[position++] : -1;

    private bool Fill()
    {
        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        return length > 0;
    }
}

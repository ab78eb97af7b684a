namespace AudienceRelay.Cli.Input;

/// <summary>
/// A CSV file with a header row. Columns are matched to user fields by name (case, spaces, '_' and '-' ignored),
/// <c>--map</c> overrides; an unknown column without a mapping stops the read with the list of known fields.
/// </summary>
internal sealed class CsvUserSource(string path, ColumnMapping mapping) : IUserSource
{
    public string Path { get; } = path;

    public IEnumerable<InputRow> ReadRows()
    {
        using var reader = UserSources.OpenText(Path);
        var tokenizer = new CsvTokenizer(reader);
        var fields = new List<string>();

        if (!tokenizer.ReadRecord(fields, out var headerLine, out var headerError))
        {
            throw new InputException(1, "the file is empty; expected a header row naming the columns");
        }

        if (headerError is not null)
        {
            throw new InputException(headerLine, $"header row: {headerError}");
        }

        var columns = ResolveColumns(fields, headerLine);
        var builder = new UserBuilder();
        while (tokenizer.ReadRecord(fields, out var line, out var error))
        {
            if (error is not null)
            {
                yield return InputRow.Bad(line, error);
            }
            else if (fields.Count != columns.Length)
            {
                yield return InputRow.Bad(line, $"{fields.Count} fields where the header has {columns.Length}");
            }
            else
            {
                yield return BuildRow(builder, columns, fields, line);
            }
        }
    }

    private static InputRow BuildRow(UserBuilder builder, UserField[] columns, List<string> fields, int line)
    {
        builder.Reset();
        for (var i = 0; i < columns.Length; i++)
        {
            if (builder.Set(columns[i], fields[i]) is { } error)
            {
                return InputRow.Bad(line, error);
            }
        }

        return builder.Build() is { } user ? InputRow.Good(line, user) : InputRow.Bad(line, "the row has no values");
    }

    private UserField[] ResolveColumns(List<string> header, int line)
    {
        var columns = new UserField[header.Count];
        var unknown = new List<string>();
        var taken = new Dictionary<UserField, string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0)
            {
                // A column without a name (often a trailing comma in a spreadsheet export) cannot mean a field.
                columns[i] = UserField.Ignore;
                continue;
            }

            if (!mapping.TryResolve(name, out var field))
            {
                unknown.Add(UserFields.LooksLikeAName(name) ? $"'{name}'" : $"{i + 1} (it looks like data, not a column name: does the file start with a header row?)");
                continue;
            }

            if (field != UserField.Ignore && !taken.TryAdd(field, name))
            {
                throw new InputException(line, $"columns '{taken[field]}' and '{name}' both fill the field {UserFields.NameOf(field)}; drop one with --map '{name}=ignore'");
            }

            columns[i] = field;
        }

        if (unknown.Count > 0)
        {
            var names = string.Join(", ", unknown);
            throw new InputException(line, $"unknown column{(unknown.Count > 1 ? "s" : "")} {names}. Known fields: {UserFields.KnownList}. Map a column with --map 'column=field', or skip it with --map 'column=ignore'.");
        }

        var missing = mapping.Columns.Where(column => !header.Exists(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            throw new InputException(line, $"--map names {string.Join(", ", missing.Select(m => $"'{m}'"))}, not a column of the header");
        }

        return columns;
    }
}

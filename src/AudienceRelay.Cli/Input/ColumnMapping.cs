namespace AudienceRelay.Cli.Input;

/// <summary>The <c>--map column=field</c> overrides: a column (or JSON property) name to a user field.</summary>
internal sealed class ColumnMapping
{
    private readonly Dictionary<string, UserField> byColumn;

    private ColumnMapping(Dictionary<string, UserField> byColumn) => this.byColumn = byColumn;

    public static ColumnMapping Empty { get; } = new(new Dictionary<string, UserField>(StringComparer.OrdinalIgnoreCase));

    public IEnumerable<string> Columns => byColumn.Keys;

    /// <summary>Parses <c>column=field</c> entries; the column is matched case-insensitively, the field leniently.</summary>
    public static ColumnMapping Parse(IEnumerable<string> entries)
    {
        var map = new Dictionary<string, UserField>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var separator = entry.LastIndexOf('=');
            if (separator <= 0 || separator == entry.Length - 1)
            {
                throw new UsageException($"--map '{entry}': expected column=field, for example --map 'E-mail Address=email'.");
            }

            var column = entry[..separator].Trim();
            var fieldName = entry[(separator + 1)..].Trim();
            if (!UserFields.TryResolve(fieldName, out var field))
            {
                throw new UsageException($"--map '{entry}': unknown field '{fieldName}'. Known fields: {UserFields.KnownList}, or 'ignore' to skip the column.");
            }

            if (!map.TryAdd(column, field))
            {
                throw new UsageException($"--map names column '{column}' twice.");
            }
        }

        return new ColumnMapping(map);
    }

    /// <summary>The field for a column: the override if there is one, else the column's own name, else none.</summary>
    public bool TryResolve(string column, out UserField field) =>
        byColumn.TryGetValue(column.Trim(), out field) || UserFields.TryResolve(column, out field);

    public bool Maps(string column) => byColumn.ContainsKey(column.Trim());
}

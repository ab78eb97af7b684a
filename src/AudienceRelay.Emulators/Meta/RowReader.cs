using System.Globalization;
using System.Text.Json;

namespace AudienceRelay.Emulators.Meta;

/// <summary>Reads one row of <c>payload.data</c> against the schema: a member, an invalid entry (with a reason), or a shape error.</summary>
internal static class RowReader
{
    private const char Separator = '\u001f';

    public static (MemberRow? Row, string? Problem, GraphError? Error) Read(JsonElement item, int index, IReadOnlyList<SchemaKey> schema)
    {
        var cells = new List<JsonElement>(schema.Count);
        if (item.ValueKind == JsonValueKind.Array)
        {
            cells.AddRange(item.EnumerateArray());
        }
        else if (schema.Count == 1 && item.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            // A single-key payload may list bare values: "data": ["<hash>", "<hash>"] (Meta's EMAIL_SHA256 example).
            cells.Add(item);
        }
        else
        {
            return (null, null, GraphError.SchemaMismatch($"data[{index}] must be an array aligned with the schema"));
        }

        if (cells.Count != schema.Count)
        {
            return (null, null, GraphError.SchemaMismatch(
                $"data[{index}] has {cells.Count} values but the schema has {schema.Count} keys"));
        }

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? problem = null;
        for (var i = 0; i < cells.Count; i++)
        {
            var key = schema[i];
            var (value, valid, shapeError) = ReadCell(key, cells[i]);
            if (shapeError)
            {
                return (null, null, GraphError.SchemaMismatch($"data[{index}][{i}] ({key.Name}) has the wrong JSON type"));
            }

            if (!valid)
            {
                problem ??= $"{key.Name}: {Expectation(key.Format)}";
            }
            else if (value is not null && (key.Identity || key.Format == SchemaKeyFormat.NonNegativeNumber))
            {
                values[key.Canonical] = value;
            }
        }

        if (problem is null && !schema.Any(k => k.Identity && values.ContainsKey(k.Canonical)))
        {
            problem = "no identifying value in the row";
        }

        if (problem is not null)
        {
            return (null, problem, null);
        }

        var identity = schema.Where(k => k.Identity && values.ContainsKey(k.Canonical)).Select(k => k.Canonical + "=" + values[k.Canonical]).Order(StringComparer.Ordinal).ToList();
        var strong = schema.Where(k => k.Strong && values.ContainsKey(k.Canonical)).Select(k => k.Canonical + "=" + values[k.Canonical]).ToList();
        return (new MemberRow(string.Join(Separator, identity), values, strong), null, null);
    }

    /// <summary>Returns the stored value (null when the cell is empty or not stored), whether it is valid, and whether its JSON type is impossible.</summary>
    private static (string? Value, bool Valid, bool ShapeError) ReadCell(SchemaKey key, JsonElement cell)
    {
        if (cell.ValueKind is JsonValueKind.Null or JsonValueKind.Object
            || (cell.ValueKind == JsonValueKind.Array && key.Format != SchemaKeyFormat.OptionList))
        {
            return (null, false, true);
        }

        var text = cell.ValueKind == JsonValueKind.String ? cell.GetString()! : cell.GetRawText();
        if (cell.ValueKind == JsonValueKind.String && text.Length == 0)
        {
            return (null, true, false);
        }

        return key.Format switch
        {
            SchemaKeyFormat.Sha256 => cell.ValueKind == JsonValueKind.String && IsLowerHexSha256(text) ? (text, true, false) : (null, false, false),
            SchemaKeyFormat.Raw => cell.ValueKind is JsonValueKind.String or JsonValueKind.Number && text.Trim().Length > 0 ? (text, true, false) : (null, false, false),
            SchemaKeyFormat.NonNegativeNumber => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && double.IsFinite(number)
                ? (number.ToString(CultureInfo.InvariantCulture), true, false)
                : (null, false, false),
            SchemaKeyFormat.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? (null, true, false) : (null, false, false),
            SchemaKeyFormat.OptionList => cell.ValueKind == JsonValueKind.Array && cell.EnumerateArray().All(o => o.ValueKind == JsonValueKind.String && o.GetString() == "LDU")
                ? (null, true, false)
                : (null, false, false),
            _ => (null, false, false),
        };
    }

    // The SHA-256 of the empty string: a hash of nothing identifies no one, and is the mark of a client that hashed a
    // value it had normalized away (providers.md §0, "never hash an empty string").
    private const string EmptyStringSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static bool IsLowerHexSha256(string text) =>
        text.Length == 64 && text != EmptyStringSha256 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static string Expectation(SchemaKeyFormat format) => format switch
    {
        SchemaKeyFormat.Sha256 => "not a SHA-256 digest in lower-case hex of a non-empty value (normalize, then hash)",
        SchemaKeyFormat.NonNegativeNumber => "not a non-negative number",
        SchemaKeyFormat.Integer => "not an integer",
        SchemaKeyFormat.OptionList => "not a list of data processing options",
        _ => "not a usable value",
    };
}

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// Parses Graph's <c>fields</c> parameter (<c>id,name,operation_status{code}</c>). Graph returns only <c>id</c> when
/// no fields are asked for, and rejects a field the node type does not have with code 100.
/// </summary>
internal static class GraphFields
{
    public static (IReadOnlyList<string>? Fields, GraphError? Error) Parse(string? fields, IReadOnlySet<string> known, string nodeType, IReadOnlyList<string> defaults)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return (defaults, null);
        }

        var names = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= fields.Length; i++)
        {
            var c = i < fields.Length ? fields[i] : ',';
            depth += c switch { '{' => 1, '}' => -1, _ => 0 };
            if (c != ',' || depth != 0)
            {
                continue;
            }

            var part = fields[start..i].Trim();
            start = i + 1;
            var end = part.IndexOfAny(['{', '.']);
            var name = end < 0 ? part : part[..end];
            if (name.Length == 0)
            {
                continue;
            }

            if (!known.Contains(name))
            {
                return (null, GraphError.InvalidParameter($"Tried accessing nonexisting field ({name}) on node type ({nodeType})"));
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return (names.Count == 0 ? defaults : names, null);
    }
}

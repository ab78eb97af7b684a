using System.Collections.Frozen;
using System.Text;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Canonical country: ISO 3166-1 alpha-2 in upper case, from an alpha-2 code, an alpha-3 code or an
/// English name (case, accents, dots, commas, apostrophes, brackets, hyphens and a leading "the" are
/// ignored). Anything else is dropped and counted: peers differ here (one sends "unitedstates", one
/// drops "USA"); mapping to alpha-2 is what every platform that takes a country documents.
/// </summary>
internal static class CountryRules
{
    private static readonly FrozenDictionary<string, string> ByKey = Build();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByKeySpan =
        ByKey.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, string> LowerCodes =
        ByKey.Values.Distinct().ToFrozenDictionary(c => c, c => c.ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>Every canonical code this table can produce (upper case alpha-2).</summary>
    public static IReadOnlyCollection<string> Codes => LowerCodes.Keys;

    public static FieldValue Canonicalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return FieldValue.Absent;
        }

        var trimmed = raw.AsSpan().Trim();
        if (ByKeySpan.TryGetValue(trimmed, out var code))
        {
            return FieldValue.Plain(code);
        }

        // No country name comes close to this length; do not spend work folding junk.
        if (trimmed.Length > 80)
        {
            return FieldValue.Dropped(FieldDrops.CountryUnknown);
        }

        var folded = Fold(trimmed);
        return folded.Length > 0 && ByKey.TryGetValue(folded, out code)
            ? FieldValue.Plain(code)
            : FieldValue.Dropped(FieldDrops.CountryUnknown);
    }

    /// <summary>Alpha-2 in lower case (for Meta's COUNTRY); no allocation for a canonical code.</summary>
    public static string ToLower(string alpha2) =>
        LowerCodes.TryGetValue(alpha2, out var lower) ? lower : alpha2.ToLowerInvariant();

    /// <summary>Upper case, accents removed, punctuation that names vary in dropped, whitespace collapsed.</summary>
    internal static string Fold(ReadOnlySpan<char> value)
    {
        var text = value.ToString();
        if (!Ascii.IsValid(text))
        {
            text = UnicodeComposition.RemoveMarks(text);
        }

        var builder = new StringBuilder(text.Length + 8);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is '.' or ',' or '\'' or '\u2019' or '(' or ')')
            {
                continue;
            }

            if (c == '&')
            {
                builder.Append(builder.Length > 0 ? " AND" : "AND");
                pendingSpace = true;
                continue;
            }

            if (char.IsWhiteSpace(c) || c is '-' or '_' or '/')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        var folded = builder.ToString();
        return folded.StartsWith("THE ", StringComparison.Ordinal) ? folded[4..] : folded;
    }

    private static FrozenDictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in CountryTable.Rows.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            var alpha2 = parts[0];
            foreach (var name in parts)
            {
                var key = Fold(name);
                if (map.TryGetValue(key, out var existing) && existing != alpha2)
                {
                    throw new InvalidOperationException($"Country table conflict for key '{key}'.");
                }

                map[key] = alpha2;
            }
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}

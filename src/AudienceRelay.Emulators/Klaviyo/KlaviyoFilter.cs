using System.Text;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// One parsed <c>filter</c> expression: <c>equals(field,"value")</c> or <c>any(field,["a","b"])</c>, strings in double or
/// single quotes (https://developers.klaviyo.com/en/docs/filtering_). Other operators and <c>and(...)</c> are valid on
/// Klaviyo but this emulator answers them with a 400 that says so, rather than silently ignoring them.
/// </summary>
internal sealed record KlaviyoFilter(string Field, IReadOnlyList<string> Values)
{
    public bool Matches(string? value, StringComparison comparison) =>
        value is not null && Values.Any(v => string.Equals(v, value, comparison));

    /// <summary>Parses <paramref name="text"/>; null text or empty gives no filter. Fields outside <paramref name="allowed"/> are a 400.</summary>
    public static (KlaviyoFilter? Filter, KlaviyoError? Error) Parse(string? text, IReadOnlyCollection<string> allowed)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        var reader = new Reader(text);
        var op = reader.Word();
        if (op is not ("equals" or "any"))
        {
            return (null, Fail($"Unsupported filter operator '{op}'; the emulator supports equals and any."));
        }

        if (!reader.Take('('))
        {
            return (null, Fail("Expected '(' after the operator."));
        }

        var field = reader.Word();
        if (!allowed.Contains(field))
        {
            return (null, Fail($"'{field}' is not a filterable field here; allowed: {string.Join(", ", allowed)}."));
        }

        if (!reader.Take(','))
        {
            return (null, Fail("Expected ',' after the field name."));
        }

        var values = new List<string>();
        if (op == "any")
        {
            if (!reader.Take('['))
            {
                return (null, Fail("any() takes a list: any(field,[\"a\",\"b\"])."));
            }

            do
            {
                if (reader.Quoted() is not { } value)
                {
                    return (null, Fail("Expected a quoted string in the list."));
                }

                values.Add(value);
            }
            while (reader.Take(','));

            if (!reader.Take(']'))
            {
                return (null, Fail("Expected ']' to close the list."));
            }
        }
        else if (reader.Quoted() is { } value)
        {
            values.Add(value);
        }
        else
        {
            return (null, Fail("equals() takes one quoted string: equals(field,\"value\")."));
        }

        return reader.Take(')') && reader.AtEnd
            ? (new KlaviyoFilter(field, values), null)
            : (null, Fail("Expected ')' at the end of the expression."));
    }

    private static KlaviyoError Fail(string why) => KlaviyoError.InvalidParameter($"Invalid filter provided: {why}", "filter");

    private sealed class Reader(string text)
    {
        private int _at;

        public bool AtEnd
        {
            get
            {
                SkipSpaces();
                return _at == text.Length;
            }
        }

        public string Word()
        {
            SkipSpaces();
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or '.'))
            {
                _at++;
            }

            return text[start.._at];
        }

        public bool Take(char expected)
        {
            SkipSpaces();
            if (_at < text.Length && text[_at] == expected)
            {
                _at++;
                return true;
            }

            return false;
        }

        public string? Quoted()
        {
            SkipSpaces();
            if (_at >= text.Length || text[_at] is not ('"' or '\''))
            {
                return null;
            }

            var quote = text[_at++];
            var value = new StringBuilder();
            while (_at < text.Length && text[_at] != quote)
            {
                if (text[_at] == '\\' && _at + 1 < text.Length)
                {
                    _at++;
                }

                value.Append(text[_at++]);
            }

            if (_at >= text.Length)
            {
                return null;
            }

            _at++;
            return value.ToString();
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
        }
    }
}

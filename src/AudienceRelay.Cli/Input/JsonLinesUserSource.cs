using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AudienceRelay.Cli.Input;

/// <summary>
/// JSON Lines (https://jsonlines.org/): one user object per line, with the API's field names (matched like CSV
/// headers, <c>--map</c> applies to property names) and an optional nested <c>purchase</c> object.
/// Strings and numbers are both accepted for every field.
/// </summary>
internal sealed class JsonLinesUserSource(string path, ColumnMapping mapping) : IUserSource
{
    public string Path { get; } = path;

    public IEnumerable<InputRow> ReadRows()
    {
        using var reader = UserSources.OpenText(Path);
        var builder = new UserBuilder();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return ParseLine(text, line, builder);
            }
        }
    }

    private InputRow ParseLine(string text, int line, UserBuilder builder)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var count = Encoding.UTF8.GetBytes(text, bytes);
            var reader = new Utf8JsonReader(bytes.AsSpan(0, count));
            builder.Reset();
            var error = ReadObject(ref reader, builder);
            if (error is null && reader.Read())
            {
                error = "unexpected content after the object";
            }

            if (error is not null)
            {
                return InputRow.Bad(line, error);
            }

            return builder.Build() is { } user ? InputRow.Good(line, user) : InputRow.Bad(line, "the object has no values");
        }
        catch (JsonException exception)
        {
            // The reader's own message quotes the offending character; the position is enough.
            return InputRow.Bad(line, $"invalid JSON at byte {exception.BytePositionInLine + 1 ?? 1}");
        }
        catch (InvalidOperationException)
        {
            // A string the reader cannot turn into text: a lone UTF-16 surrogate escape (\ud800) in a key or a value.
            return InputRow.Bad(line, "a string with an invalid escape (a lone UTF-16 surrogate): not valid text");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private string? ReadObject(ref Utf8JsonReader reader, UserBuilder builder)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "expected a JSON object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString() ?? "";
            if (!mapping.Maps(name) && string.Equals(name, "purchase", StringComparison.OrdinalIgnoreCase))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null && ReadPurchase(ref reader, builder) is { } purchaseError)
                {
                    return purchaseError;
                }

                continue;
            }

            if (!mapping.TryResolve(name, out var field))
            {
                return UserFields.LooksLikeAName(name)
                    ? $"unknown field '{name}'. Known fields: {UserFields.KnownList} (or a purchase object). Map it with --map '{name}=field' or skip it with --map '{name}=ignore'"
                    : $"a field name that looks like data, not a field (it is not quoted here). Known fields: {UserFields.KnownList} (or a purchase object)";
            }

            reader.Read();
            if (ReadValue(ref reader, field, name, builder) is { } valueError)
            {
                return valueError;
            }
        }

        return null;
    }

    private static string? ReadPurchase(ref Utf8JsonReader reader, UserBuilder builder)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "purchase must be an object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString() ?? "";
            if (!UserFields.TryResolve(name, out var field) || field is not (UserField.Currency or UserField.Profit or UserField.Total7Days))
            {
                return UserFields.LooksLikeAName(name)
                    ? $"unknown field '{name}' in purchase; known: currency, profit, total7Days"
                    : "a field name in purchase that looks like data, not a field; known: currency, profit, total7Days";
            }

            reader.Read();
            if (ReadValue(ref reader, field, name, builder) is { } valueError)
            {
                return valueError;
            }
        }

        return null;
    }

    private static string? ReadValue(ref Utf8JsonReader reader, UserField field, string name, UserBuilder builder)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return builder.Set(field, reader.GetString());
            case JsonTokenType.Number:
                return builder.Set(field, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.StartObject or JsonTokenType.StartArray when field == UserField.Ignore:
                reader.Skip();
                return null;
            case JsonTokenType.True or JsonTokenType.False when field == UserField.Ignore:
                return null;
            default:
                return $"field '{name}' must be a string or a number";
        }
    }
}

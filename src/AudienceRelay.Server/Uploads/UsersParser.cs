using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AudienceRelay.Core.Contract;

namespace AudienceRelay.Server.Uploads;

/// <summary>One user as read: the fields, and why it is skipped when a field breaks its rule (<see cref="UserFieldRules"/>).</summary>
internal readonly record struct ParsedUser(AudienceUser User, string? SkipReason);

/// <summary>
/// Parses the <c>users</c> field: a JSON array of user objects, handed to the caller one user at a
/// time so that no list of the whole batch is ever built. Unknown fields are skipped; a field of the
/// wrong type, or a string that is not valid Unicode (a lone surrogate escape, an invalid UTF-8 byte),
/// is an error naming <c>users[i].field</c> (its value is never echoed, it may be personal data).
/// Identifier fields that arrive as JSON numbers (a phone or ZIP written as a number) are taken as
/// their text, since that is what the sender meant.
/// </summary>
internal static class UsersParser
{
    private const int MaxErrors = 20;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads every user, calls <paramref name="onUser"/> for each, and returns how many there were.</summary>
    public static int Parse(ReadOnlySequence<byte> json, int maxUsers, Action<ParsedUser> onUser)
    {
        var errors = new List<string>();
        var count = 0;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new UploadRejection(StatusCodes.Status400BadRequest, "users: must be a JSON array of user objects.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var index = count++;
                if (index >= maxUsers)
                {
                    throw new UploadRejection(StatusCodes.Status413PayloadTooLarge, $"users: more than {maxUsers} users in one batch (Ingress:MaxUsersPerBatch); split the upload into more batches.");
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors.Add($"users[{index}]: must be an object.");
                    reader.Skip();
                }
                else
                {
                    var user = new UserReader(index, errors).Read(ref reader);
                    if (errors.Count == 0)
                    {
                        onUser(user);
                    }
                }

                if (errors.Count >= MaxErrors)
                {
                    break;
                }
            }

            if (errors.Count == 0 && reader.Read())
            {
                throw new UploadRejection(StatusCodes.Status400BadRequest, "users: unexpected content after the array.");
            }
        }
        catch (JsonException ex)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, Describe(ex, reader.CurrentDepth));
        }

        if (errors.Count > 0)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, errors);
        }

        return count == 0 ? throw new UploadRejection(StatusCodes.Status400BadRequest, "users: must contain at least one user.") : count;
    }

    private static string Describe(JsonException ex, int depth) =>
        depth >= ReaderOptions.MaxDepth - 1 || ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
            ? $"users: JSON is nested deeper than {ReaderOptions.MaxDepth} levels."
            : $"users: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}).";

    /// <summary>Reads one user object; remembers the first rule the user breaks.</summary>
    private sealed class UserReader(int index, List<string> errors)
    {
        private string? _skip;

        public ParsedUser Read(ref Utf8JsonReader reader)
        {
            var user = new AudienceUser();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                // Field names are compared as bytes: a key that is not valid Unicode is just an unknown field.
                if (reader.ValueTextEquals("edgeTagId"u8)) { reader.Read(); user = user with { EdgeTagId = Text(ref reader, "edgeTagId") }; }
                else if (reader.ValueTextEquals("email"u8)) { reader.Read(); user = user with { Email = Text(ref reader, "email", numbersAllowed: false) }; }
                else if (reader.ValueTextEquals("phone"u8)) { reader.Read(); user = user with { Phone = Text(ref reader, "phone") }; }
                else if (reader.ValueTextEquals("firstName"u8)) { reader.Read(); user = user with { FirstName = Text(ref reader, "firstName", numbersAllowed: false) }; }
                else if (reader.ValueTextEquals("lastName"u8)) { reader.Read(); user = user with { LastName = Text(ref reader, "lastName", numbersAllowed: false) }; }
                else if (reader.ValueTextEquals("country"u8)) { reader.Read(); user = user with { Country = Text(ref reader, "country", numbersAllowed: false) }; }
                else if (reader.ValueTextEquals("postalCode"u8)) { reader.Read(); user = user with { PostalCode = Text(ref reader, "postalCode") }; }
                else if (reader.ValueTextEquals("purchase"u8)) { reader.Read(); user = user with { Purchase = ReadPurchase(ref reader) }; }
                else { reader.Read(); reader.Skip(); }
            }

            return new ParsedUser(user, _skip);
        }

        private PurchaseData? ReadPurchase(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add($"users[{index}].purchase: must be an object with currency, profit and total7Days.");
                reader.Skip();
                return null;
            }

            var purchase = new PurchaseData();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("currency"u8)) { reader.Read(); purchase = purchase with { Currency = Text(ref reader, "purchase.currency", numbersAllowed: false) }; }
                else if (reader.ValueTextEquals("profit"u8)) { reader.Read(); purchase = purchase with { Profit = Number(ref reader, "purchase.profit") }; }
                else if (reader.ValueTextEquals("total7Days"u8)) { reader.Read(); purchase = purchase with { Total7Days = Number(ref reader, "purchase.total7Days") }; }
                else { reader.Read(); reader.Skip(); }
            }

            return purchase;
        }

        private string? Text(ref Utf8JsonReader reader, string field, bool numbersAllowed = true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    // A value whose encoded form is far past the cap is skipped without decoding it
                    // (a 10 MB "email" never becomes a string). Six bytes is the longest escape of one character.
                    var encoded = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                    if (encoded > 6L * UserFieldRules.MaxLength(field))
                    {
                        _skip ??= UserFieldRules.TooLong(field);
                        return null;
                    }

                    if (!TryGetString(ref reader, field, out var value))
                    {
                        return null;
                    }

                    if (UserFieldRules.Check(field, value) is { } reason)
                    {
                        _skip ??= reason;
                        return null;
                    }

                    return value;
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number when numbersAllowed:
                    var digits = reader.HasValueSequence ? System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, reader.ValueSequence) : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    if (UserFieldRules.Check(field, digits) is { } numberReason)
                    {
                        _skip ??= numberReason;
                        return null;
                    }

                    return digits;
                default:
                    errors.Add($"users[{index}].{field}: must be a string.");
                    reader.Skip();
                    return null;
            }
        }

        private decimal? Number(ref Utf8JsonReader reader, string field)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when reader.TryGetDecimal(out var value):
                    return value;
                case JsonTokenType.String when TryGetString(ref reader, field, out var text):
                    if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }

                    break;
                case JsonTokenType.String:
                    return null;
                case JsonTokenType.Null:
                    return null;
            }

            errors.Add($"users[{index}].{field}: must be a number.");
            reader.Skip();
            return null;
        }

        /// <summary>
        /// Decodes a string value. A lone surrogate escape (<c>"\ud800"</c>) or an invalid UTF-8 byte
        /// cannot be turned into text at all: that is a 400 naming the field, like any other malformed value.
        /// </summary>
        private bool TryGetString(ref Utf8JsonReader reader, string field, out string value)
        {
            try
            {
                value = reader.GetString()!;
                return true;
            }
            catch (InvalidOperationException)
            {
                errors.Add($"users[{index}].{field}: is not valid Unicode (a lone surrogate escape or an invalid UTF-8 byte).");
                value = string.Empty;
                return false;
            }
        }
    }
}

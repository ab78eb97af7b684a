using System.Globalization;
using System.Text.Json;
using AudienceRelay.Core.Contract;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Parses the <c>users</c> field: a JSON array of user objects. Unknown fields are skipped; a field
/// of the wrong type is an error naming <c>users[i].field</c> (its value is never echoed, it may be
/// personal data). Identifier fields that arrive as JSON numbers (a phone or ZIP written as a number)
/// are taken as their text, since that is what the sender meant.
/// </summary>
internal static class UsersParser
{
    private const int MaxErrors = 20;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    public static List<AudienceUser> Parse(ReadOnlySpan<byte> json, int maxUsers)
    {
        var errors = new List<string>();
        var users = new List<AudienceUser>();
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new UploadRejection(StatusCodes.Status400BadRequest, "users: must be a JSON array of user objects.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var index = users.Count;
                if (index >= maxUsers)
                {
                    throw new UploadRejection(StatusCodes.Status413PayloadTooLarge, $"users: more than {maxUsers} users in one batch (Ingress:MaxUsersPerBatch); split the upload into more batches.");
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors.Add($"users[{index}]: must be an object.");
                    reader.Skip();
                    users.Add(new AudienceUser());
                }
                else
                {
                    users.Add(ReadUser(ref reader, index, errors));
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

        if (users.Count == 0)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "users: must contain at least one user.");
        }

        return users;
    }

    private static AudienceUser ReadUser(ref Utf8JsonReader reader, int index, List<string> errors)
    {
        var user = new AudienceUser();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "edgeTagId": user = user with { EdgeTagId = Text(ref reader, index, property, errors) }; break;
                case "email": user = user with { Email = Text(ref reader, index, property, errors, numbersAllowed: false) }; break;
                case "phone": user = user with { Phone = Text(ref reader, index, property, errors) }; break;
                case "firstName": user = user with { FirstName = Text(ref reader, index, property, errors, numbersAllowed: false) }; break;
                case "lastName": user = user with { LastName = Text(ref reader, index, property, errors, numbersAllowed: false) }; break;
                case "country": user = user with { Country = Text(ref reader, index, property, errors, numbersAllowed: false) }; break;
                case "postalCode": user = user with { PostalCode = Text(ref reader, index, property, errors) }; break;
                case "purchase": user = user with { Purchase = ReadPurchase(ref reader, index, errors) }; break;
                default: reader.Skip(); break;
            }
        }

        return user;
    }

    private static PurchaseData? ReadPurchase(ref Utf8JsonReader reader, int index, List<string> errors)
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
            var property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "currency": purchase = purchase with { Currency = Text(ref reader, index, "purchase.currency", errors, numbersAllowed: false) }; break;
                case "profit": purchase = purchase with { Profit = Number(ref reader, index, "purchase.profit", errors) }; break;
                case "total7Days": purchase = purchase with { Total7Days = Number(ref reader, index, "purchase.total7Days", errors) }; break;
                default: reader.Skip(); break;
            }
        }

        return purchase;
    }

    private static string? Text(ref Utf8JsonReader reader, int index, string field, List<string> errors, bool numbersAllowed = true)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when numbersAllowed:
                return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                errors.Add($"users[{index}].{field}: must be a string.");
                reader.Skip();
                return null;
        }
    }

    private static decimal? Number(ref Utf8JsonReader reader, int index, string field, List<string> errors)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDecimal(out var value):
                return value;
            case JsonTokenType.String when decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            case JsonTokenType.Null:
                return null;
            default:
                errors.Add($"users[{index}].{field}: must be a number.");
                reader.Skip();
                return null;
        }
    }

    private static string Describe(JsonException ex, int depth) =>
        depth >= ReaderOptions.MaxDepth - 1 || ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
            ? $"users: JSON is nested deeper than {ReaderOptions.MaxDepth} levels."
            : $"users: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}).";
}

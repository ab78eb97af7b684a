using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Client.Serialization;

/// <summary>
/// A pending delivery may be listed as just its instance name or as an object with its state; both read into
/// <see cref="PendingDelivery"/>.
/// </summary>
public sealed class PendingDeliveryConverter : JsonConverter<PendingDelivery>
{
    public override PendingDelivery Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new PendingDelivery { Instance = reader.GetString() ?? "" };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a pending delivery as a string or an object.");
        }

        var result = new PendingDelivery();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            result = name?.ToLowerInvariant() switch
            {
                "instance" when reader.TokenType == JsonTokenType.String => result with { Instance = reader.GetString() ?? "" },
                "state" when reader.TokenType == JsonTokenType.String => result with { State = reader.GetString() },
                "attempts" when reader.TokenType == JsonTokenType.Number => result with { Attempts = reader.GetInt32() },
                "nextattemptat" when reader.TokenType == JsonTokenType.String => result with { NextAttemptAt = reader.GetDateTimeOffset() },
                "lasterror" when reader.TokenType == JsonTokenType.String => result with { LastError = reader.GetString() },
                _ => Skip(ref reader, result),
            };
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, PendingDelivery value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("instance", value.Instance);
        if (value.State is not null)
        {
            writer.WriteString("state", value.State);
        }

        if (value.Attempts is { } attempts)
        {
            writer.WriteNumber("attempts", attempts);
        }

        if (value.NextAttemptAt is { } next)
        {
            writer.WriteString("nextAttemptAt", next);
        }

        if (value.LastError is not null)
        {
            writer.WriteString("lastError", value.LastError);
        }

        writer.WriteEndObject();
    }

    private static PendingDelivery Skip(ref Utf8JsonReader reader, PendingDelivery result)
    {
        reader.Skip();
        return result;
    }
}

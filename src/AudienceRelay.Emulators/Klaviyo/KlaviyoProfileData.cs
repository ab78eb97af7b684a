using System.Text.Json;
using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// A profile's attributes packed in one byte array (<see cref="PackedFields"/>): the string attributes in a fixed order,
/// then the location and the properties, each as the compact JSON text of an object (null when none were sent). The
/// emulator holds every profile of every account, so this is what a profile costs beyond its id and dates.
/// </summary>
internal static class KlaviyoProfileData
{
    /// <summary>The string attributes, in the order they are packed.</summary>
    public static readonly string[] StringFields =
    [
        "email", "phone_number", "external_id", "anonymous_id", "_kx", "first_name", "last_name", "organization", "locale", "title", "image",
    ];

    public const int Email = 0;
    public const int PhoneNumber = 1;
    public const int ExternalId = 2;
    public static readonly int Location = StringFields.Length;
    public static readonly int Properties = StringFields.Length + 1;
    public static readonly int Count = StringFields.Length + 2;

    /// <summary>The index of a string attribute, or -1.</summary>
    public static int IndexOf(string field) => Array.IndexOf(StringFields, field);

    public static string? Field(byte[] packed, string field) => IndexOf(field) is var i and >= 0 ? PackedFields.Get(packed, i) : null;

    /// <summary>Upsert: string attributes that were sent overwrite, the others stay; location and properties merge key by key.</summary>
    public static byte[] Merge(byte[] current, byte[] sent)
    {
        var fields = PackedFields.Unpack(current, Count);
        var incoming = PackedFields.Unpack(sent, Count);
        for (var i = 0; i < StringFields.Length; i++)
        {
            fields[i] = incoming[i] ?? fields[i];
        }

        fields[Location] = MergeObjects(fields[Location], incoming[Location]);
        fields[Properties] = MergeObjects(fields[Properties], incoming[Properties]);
        return PackedFields.Pack(fields);
    }

    /// <summary>The members of a packed object (location or properties), in the order they were first sent.</summary>
    public static Dictionary<string, JsonElement> Object(byte[] packed, int index)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (PackedFields.Get(packed, index) is { } json)
        {
            using var document = JsonDocument.Parse(json);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                result[member.Name] = member.Value.Clone();
            }
        }

        return result;
    }

    /// <summary>The compact JSON text of an object with these members (raw JSON values), or null when there are none.</summary>
    public static string? ToJson(IReadOnlyList<(string Key, string RawValue)> members)
    {
        if (members.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in members)
            {
                writer.WritePropertyName(key);
                writer.WriteRawValue(value, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string? MergeObjects(string? current, string? sent)
    {
        if (current is null || sent is null)
        {
            return sent ?? current;
        }

        var members = new List<(string Key, string RawValue)>();
        foreach (var json in new[] { current, sent })
        {
            using var document = JsonDocument.Parse(json);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                var at = members.FindIndex(m => m.Key == member.Name);
                if (at >= 0)
                {
                    members[at] = (member.Name, member.Value.GetRawText());
                }
                else
                {
                    members.Add((member.Name, member.Value.GetRawText()));
                }
            }
        }

        return ToJson(members);
    }
}

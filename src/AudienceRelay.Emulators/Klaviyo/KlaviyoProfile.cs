using System.Text.Json;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>A profile of an account. Guarded by the store's lock.</summary>
internal sealed class KlaviyoProfile(string id, DateTimeOffset created)
{
    public string Id { get; } = id;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; private set; } = created;

    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> Location { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> Properties { get; } = new(StringComparer.Ordinal);

    public string? Email => Fields.GetValueOrDefault("email");

    public string? PhoneNumber => Fields.GetValueOrDefault("phone_number");

    public string? ExternalId => Fields.GetValueOrDefault("external_id");

    /// <summary>Upsert semantics: attributes that were sent overwrite, the others stay; location and properties merge key by key.</summary>
    public void Merge(KlaviyoProfileInput input, DateTimeOffset now)
    {
        foreach (var (key, value) in input.Fields)
        {
            Fields[key] = value;
        }

        foreach (var (key, value) in input.Location)
        {
            Location[key] = value;
        }

        foreach (var (key, value) in input.Properties)
        {
            Properties[key] = value;
        }

        Updated = now;
    }

    public KlaviyoProfileView ToView() => new(
        Id,
        Email,
        PhoneNumber,
        ExternalId,
        Fields.GetValueOrDefault("first_name"),
        Fields.GetValueOrDefault("last_name"),
        new Dictionary<string, JsonElement>(Location, StringComparer.Ordinal),
        new Dictionary<string, JsonElement>(Properties, StringComparer.Ordinal));
}

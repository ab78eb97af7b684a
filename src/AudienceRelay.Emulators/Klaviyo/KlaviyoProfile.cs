using System.Text.Json;
using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// A profile of an account: its id, dates and attributes packed in one array (<see cref="KlaviyoProfileData"/>).
/// Guarded by the store's lock.
/// </summary>
internal sealed class KlaviyoProfile(string id, DateTimeOffset created, byte[] packed)
{
    private byte[] _packed = packed;

    public string Id { get; } = id;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; private set; } = created;

    public string? Email => PackedFields.Get(_packed, KlaviyoProfileData.Email);

    public string? PhoneNumber => PackedFields.Get(_packed, KlaviyoProfileData.PhoneNumber);

    public string? ExternalId => PackedFields.Get(_packed, KlaviyoProfileData.ExternalId);

    /// <summary>A string attribute (email, phone_number, first_name, …), or null when not set.</summary>
    public string? Field(string field) => KlaviyoProfileData.Field(_packed, field);

    public Dictionary<string, JsonElement> Location => KlaviyoProfileData.Object(_packed, KlaviyoProfileData.Location);

    public Dictionary<string, JsonElement> Properties => KlaviyoProfileData.Object(_packed, KlaviyoProfileData.Properties);

    /// <summary>Upsert semantics: attributes that were sent overwrite, the others stay; location and properties merge key by key.</summary>
    public void Merge(KlaviyoProfileInput input, DateTimeOffset now)
    {
        _packed = KlaviyoProfileData.Merge(_packed, input.Packed);
        Updated = now;
    }

    public KlaviyoProfileView ToView() => new(
        Id,
        Email,
        PhoneNumber,
        ExternalId,
        Field("first_name"),
        Field("last_name"),
        Location,
        Properties);
}

using System.Text.Json;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>A profile as the emulated account holds it (raw values: Klaviyo stores PII unhashed).</summary>
public sealed record KlaviyoProfileView(
    string Id,
    string? Email,
    string? PhoneNumber,
    string? ExternalId,
    string? FirstName,
    string? LastName,
    IReadOnlyDictionary<string, JsonElement> Location,
    IReadOnlyDictionary<string, JsonElement> Properties);

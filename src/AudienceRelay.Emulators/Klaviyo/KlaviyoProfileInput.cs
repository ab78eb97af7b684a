using System.Text.Json;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// One valid profile of a bulk import, waiting for its job to complete. <see cref="Fields"/> holds the string attributes
/// that were sent (email, phone_number, external_id, first_name, …); null attributes are left out.
/// </summary>
internal sealed record KlaviyoProfileInput(
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, JsonElement> Location,
    IReadOnlyDictionary<string, JsonElement> Properties);

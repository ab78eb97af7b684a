using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// Checks one profile of a bulk import (https://developers.klaviyo.com/en/reference/bulk_import_profiles). A malformed
/// resource (wrong type, unknown attribute, wrong JSON kind) fails the whole request with a 400, as JSON:API schema
/// validation does; a well-formed profile with bad content (no identifier, bad email, phone not E.164, over 100 KB)
/// becomes an import error and the job goes on without it, as does a profile known only by its phone number on an
/// account without SMS (Klaviyo cannot create one: docs/providers/klaviyo.md).
/// </summary>
internal static partial class KlaviyoProfileParser
{
    private static readonly HashSet<string> LocationStrings = new(StringComparer.Ordinal)
    {
        "address1", "address2", "city", "country", "region", "zip", "timezone", "ip",
    };

    public static (KlaviyoProfileInput? Profile, KlaviyoImportError? ImportError, KlaviyoError? RequestError) Parse(JsonNode? node, int index, int maxProfileBytes, bool smsEnabled)
    {
        var pointer = $"/data/attributes/profiles/data/{index}";
        if (node is not JsonObject resource)
        {
            return (null, null, KlaviyoError.Invalid("Each profile must be an object.", pointer));
        }

        if (KlaviyoHttp.String(resource, "type") != "profile")
        {
            return (null, null, KlaviyoError.Invalid("'type' must be 'profile'.", pointer + "/type"));
        }

        if (resource.Select(p => p.Key).FirstOrDefault(k => k is not ("type" or "attributes" or "meta")) is { } extra)
        {
            return (null, null, KlaviyoError.Invalid($"'{extra}' is not allowed on a profile here.", $"{pointer}/{extra}"));
        }

        if (resource["attributes"] is not JsonObject attributes)
        {
            return (null, null, KlaviyoError.Invalid("'attributes' is required and must be an object.", pointer + "/attributes"));
        }

        var fields = new string?[KlaviyoProfileData.Count];
        var location = new List<(string Key, string RawValue)>();
        var properties = new List<(string Key, string RawValue)>();
        foreach (var (key, value) in attributes)
        {
            var at = $"{pointer}/attributes/{key}";
            var error = key switch
            {
                _ when KlaviyoProfileData.IndexOf(key) is var field and >= 0 => ReadString(value, at, fields, field, key),
                "location" => ReadObject(value, at, location, (k, v) => LocationStrings.Contains(k) ? IsKind(v, JsonValueKind.String) : k is "latitude" or "longitude" && (IsKind(v, JsonValueKind.Number) || IsKind(v, JsonValueKind.String))),
                "properties" => ReadObject(value, at, properties, (_, _) => true),
                _ => KlaviyoError.Invalid($"'{key}' is not a valid field for the resource 'profile'.", at),
            };
            if (error is not null)
            {
                return (null, null, error);
            }
        }

        var email = fields[KlaviyoProfileData.Email];
        var phone = fields[KlaviyoProfileData.PhoneNumber];
        var externalId = fields[KlaviyoProfileData.ExternalId];
        var problem = Encoding.UTF8.GetByteCount(resource.ToJsonString()) > maxProfileBytes ? $"The profile is larger than the maximum of {maxProfileBytes} bytes."
            : email is null && phone is null && externalId is null ? "A profile needs at least one identifier: email, phone_number or external_id."
            : email is not null && !EmailPattern().IsMatch(email) ? "Invalid email address."
            : phone is not null && !E164Pattern().IsMatch(phone) ? "Invalid phone number: it must be in E.164 format, a '+' then up to 15 digits."
            : !smsEnabled && phone is not null && email is null && externalId is null
                ? "A profile identified only by a phone number needs SMS to be set up on the account."
            : null;
        if (problem is null)
        {
            fields[KlaviyoProfileData.Location] = KlaviyoProfileData.ToJson(location);
            fields[KlaviyoProfileData.Properties] = KlaviyoProfileData.ToJson(properties);
        }

        return problem is null
            ? (new KlaviyoProfileInput(PackedFields.Pack(fields)), null, null)
            : (null, new KlaviyoImportError(Guid.NewGuid().ToString(), "invalid", "Invalid input.", problem, pointer, resource.DeepClone()), null);
    }

    private static KlaviyoError? ReadString(JsonNode? value, string at, string?[] into, int index, string key)
    {
        if (value is null)
        {
            return null;
        }

        if (!IsKind(value, JsonValueKind.String))
        {
            return KlaviyoError.Invalid($"'{key}' must be a string.", at);
        }

        // Empty means "not sent" here; Klaviyo's peers drop empty identifiers before sending them.
        var text = value.GetValue<string>();
        if (text.Length > 0)
        {
            into[index] = text;
        }

        return null;
    }

    private static KlaviyoError? ReadObject(JsonNode? value, string at, List<(string Key, string RawValue)> into, Func<string, JsonNode?, bool> accepts)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not JsonObject members)
        {
            return KlaviyoError.Invalid("Must be an object.", at);
        }

        foreach (var (key, member) in members)
        {
            if (member is null)
            {
                continue;
            }

            if (!accepts(key, member))
            {
                return KlaviyoError.Invalid($"'{key}' is not a valid field here or has the wrong type.", $"{at}/{key}");
            }

            // Members of a JSON object have distinct names: the body is read refusing duplicates.
            into.Add((key, member.ToJsonString()));
        }

        return null;
    }

    private static bool IsKind(JsonNode? node, JsonValueKind kind) => node?.GetValueKind() == kind;

    [GeneratedRegex(@"^\+[1-9]\d{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164Pattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}

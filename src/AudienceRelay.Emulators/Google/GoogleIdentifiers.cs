using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AudienceRelay.Emulators.Google;

/// <summary>
/// One <c>UserIdentifier</c> of a Customer Match upload, checked as Google documents it
/// (https://developers.google.com/google-ads/api/reference/rpc/v26/UserIdentifier, OfflineUserAddressInfo): a oneof, so exactly
/// one member; hashed values are SHA-256 hex; an address needs hashed first and last name, a raw ISO-3166 alpha-2 country
/// and a raw postal code. A CONTACT_INFO list takes no mobile or third-party ids. The value kept is <c>type:value</c>.
/// </summary>
internal static partial class GoogleIdentifiers
{
    public static (string? Value, GoogleEmuError? Error) Check(JsonObject? identifier, int op, string kind, int index, out GoogleEmuError? fatal)
    {
        fatal = null;
        if (identifier is null || identifier.Count != 1)
        {
            // A oneof with two members set cannot even be parsed: the whole request is refused.
            fatal = new("fieldError", "ONE_OF_MULTIPLE_FIELDS_SET", "A UserIdentifier must set exactly one identifier.", Path(op, kind, index, null));
            return (null, null);
        }

        var (field, node) = identifier.First();
        switch (field)
        {
            case "hashedEmail" or "hashedPhoneNumber":
                var hash = GoogleHttp.Text(node);
                return hash is not null && Sha256().IsMatch(hash)
                    ? ($"{field}:{hash}", null)
                    : (null, new("offlineUserDataJobError", "INVALID_SHA256_FORMAT", "The SHA256 encoded value is malformed.", Path(op, kind, index, Snake(field))));
            case "addressInfo":
                return Address(node as JsonObject, op, kind, index);
            case "mobileId" or "thirdPartyUserId":
                return (null, new("offlineUserDataJobError", "INCOMPATIBLE_UPLOAD_KEY_TYPE", "Upload data is not compatible with the upload key type of the associated user list.", Path(op, kind, index, Snake(field))));
            default:
                fatal = new("fieldError", "UNKNOWN_FIELD", $"Unknown name \"{field}\".", Path(op, kind, index, null));
                return (null, null);
        }
    }

    private static (string? Value, GoogleEmuError? Error) Address(JsonObject? address, int op, string kind, int index)
    {
        var first = GoogleHttp.Text(address?["hashedFirstName"]);
        var last = GoogleHttp.Text(address?["hashedLastName"]);
        var country = GoogleHttp.Text(address?["countryCode"]);
        var postal = GoogleHttp.Text(address?["postalCode"]);
        if (first is null || last is null || country is null || string.IsNullOrWhiteSpace(postal))
        {
            return (null, new("fieldError", "REQUIRED", "Customer Match address matching needs hashed_first_name, hashed_last_name, country_code and postal_code.", Path(op, kind, index, "address_info")));
        }

        if (!Sha256().IsMatch(first) || !Sha256().IsMatch(last))
        {
            return (null, new("offlineUserDataJobError", "INVALID_SHA256_FORMAT", "The SHA256 encoded value is malformed.", Path(op, kind, index, "address_info")));
        }

        // Country and postal code go raw: a digest (or a lower-case or 3-letter code) here is the client's mistake.
        return !CountryCode().IsMatch(country) ? (null, new("offlineUserDataJobError", "INVALID_COUNTRY_CODE", "The country code is invalid.", Path(op, kind, index, "address_info")))
            : Sha256().IsMatch(postal) ? (null, new("fieldError", "INVALID_VALUE", "The postal code must not be hashed.", Path(op, kind, index, "address_info")))
            : ($"address:{first}|{last}|{country}|{postal}", null);
    }

    private static JsonArray Path(int op, string kind, int index, string? field) => field is null
        ? GoogleHttp.Path(("operations", op), (kind, null), ("user_identifiers", index))
        : GoogleHttp.Path(("operations", op), (kind, null), ("user_identifiers", index), (field, null));

    private static string Snake(string camel) => string.Concat(camel.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();
}

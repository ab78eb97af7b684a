using System.Globalization;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Google;

/// <summary>
/// <c>userLists:mutate</c> creating CRM-based lists (https://developers.google.com/google-ads/api/rest/reference/rest/v26/customers.userLists/mutate):
/// names are unique per account (NAME_ALREADY_USED), <c>uploadKeyType</c> and <c>dataSourceType</c> must be known values,
/// <c>membershipLifeSpan</c> 0–540 or 10000.
/// </summary>
internal sealed class GoogleListEndpoints(GoogleStore store)
{
    private static readonly string[] UploadKeyTypes = ["CONTACT_INFO", "CRM_ID", "MOBILE_ADVERTISING_ID"];
    private static readonly string[] DataSources = ["FIRST_PARTY", "THIRD_PARTY_CREDIT_BUREAU", "THIRD_PARTY_VOTER_FILE", "THIRD_PARTY_PARTNER_DATA"];

    public async Task MutateAsync(HttpContext context, string version, string customerId, JsonObject body)
    {
        if (body["operations"] is not JsonArray { Count: > 0 } operations)
        {
            await GoogleHttp.InvalidAsync(context, version, new("fieldError", "REQUIRED", "The required field was not present.", GoogleHttp.Path(("operations", null))));
            return;
        }

        var results = new JsonArray();
        GoogleEmuError? failure = null;
        lock (store.Gate)
        {
            var names = store.Lists.Where(l => l.CustomerId == customerId).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            var created = new List<GoogleEmuList>();
            for (var i = 0; i < operations.Count; i++)
            {
                var error = Check(operations[i] as JsonObject, i, names, out var name, out var keyType, out var lifeSpan);
                if (error is not null)
                {
                    failure = error;
                    break;
                }

                names.Add(name!);
                created.Add(new GoogleEmuList(store.NextId(), customerId, name!, keyType!, lifeSpan));
            }

            // A mutate without partial failure is all or nothing.
            foreach (var list in failure is null ? created : [])
            {
                store.Add(list);
                results.Add(new JsonObject { ["resourceName"] = $"customers/{customerId}/userLists/{list.Id}" });
            }
        }

        await (failure is null ? GoogleHttp.JsonAsync(context, new JsonObject { ["results"] = results }) : GoogleHttp.InvalidAsync(context, version, failure));
    }

    private static GoogleEmuError? Check(JsonObject? operation, int i, HashSet<string> names, out string? name, out string? keyType, out long lifeSpan)
    {
        name = null;
        keyType = null;
        lifeSpan = 30;
        if (operation?["create"] is not JsonObject create)
        {
            return new("fieldError", "REQUIRED", "Only create operations are emulated.", GoogleHttp.Path(("operations", i), ("create", null)));
        }

        name = GoogleHttp.Text(create["name"]);
        if (string.IsNullOrWhiteSpace(name))
        {
            return new("fieldError", "REQUIRED", "The required field was not present.", GoogleHttp.Path(("operations", i), ("create", null), ("name", null)));
        }

        if (names.Contains(name))
        {
            return new("userListError", "NAME_ALREADY_USED", "Name is already being used for another user list for the account.", GoogleHttp.Path(("operations", i), ("create", null), ("name", null)));
        }

        if (create["crmBasedUserList"] is not JsonObject crm)
        {
            return new("fieldError", "REQUIRED", "Only CRM-based (Customer Match) lists are emulated.", GoogleHttp.Path(("operations", i), ("create", null), ("crm_based_user_list", null)));
        }

        keyType = GoogleHttp.Text(crm["uploadKeyType"]);
        if (keyType is null || !UploadKeyTypes.Contains(keyType))
        {
            return new("requestError", "INVALID_ENUM_VALUE", "Enum value is not permitted.", GoogleHttp.Path(("operations", i), ("create", null), ("crm_based_user_list", null), ("upload_key_type", null)));
        }

        if (GoogleHttp.Text(crm["dataSourceType"]) is { } source && !DataSources.Contains(source))
        {
            return new("requestError", "INVALID_ENUM_VALUE", "Enum value is not permitted.", GoogleHttp.Path(("operations", i), ("create", null), ("crm_based_user_list", null), ("data_source_type", null)));
        }

        // int64 fields travel as JSON strings.
        if (create["membershipLifeSpan"] is { } span)
        {
            if (GoogleHttp.Text(span) is not { } text || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out lifeSpan) || (lifeSpan > 540 && lifeSpan != 10_000))
            {
                return new("rangeError", "TOO_HIGH", "membership_life_span must be between 0 and 540, or 10000 for no expiration.", GoogleHttp.Path(("operations", i), ("create", null), ("membership_life_span", null)));
            }
        }

        return null;
    }
}

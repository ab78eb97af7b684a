using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// <c>/api/lists/{id}/relationships/profiles</c>: read member ids (page ≤ 100), add or remove up to 1,000 known profile
/// ids per call (https://developers.klaviyo.com/en/reference/add_profiles_to_list, remove_profiles_from_list,
/// get_profile_ids_for_list). Adding or removing does not touch consent, as on the platform.
/// </summary>
internal sealed class KlaviyoMembershipEndpoints(KlaviyoStore store, KlaviyoEmulatorOptions options, TimeProvider time)
{
    internal static readonly string[] MemberFilterFields = ["email", "phone_number"];

    public async Task GetIdsAsync(HttpContext context, KlaviyoAccount account)
    {
        var (filter, error) = KlaviyoFilter.Parse(context.Request.Query["filter"], MemberFilterFields);
        KlaviyoPage? page = null;
        if (error is null)
        {
            (page, error) = KlaviyoPage.Parse(context, defaultSize: 20, maxSize: 100);
        }

        var id = (string)context.Request.RouteValues["id"]!;
        JsonObject? document = null;
        lock (store.Gate)
        {
            if (error is null && account.Lists.TryGetValue(id, out var list))
            {
                var members = list.Members.Keys.Where(p => filter is null || KlaviyoProfileFilter.Matches(filter, account.Profiles[p])).ToList();
                document = new JsonObject
                {
                    ["data"] = new JsonArray([.. page!.Slice(members).Select(KlaviyoResources.ProfileIdentifier)]),
                    ["links"] = page.Links(context, members.Count),
                };
            }
        }

        error ??= document is null ? KlaviyoError.NotFound($"A list with id {id} does not exist.") : null;
        await (error is null ? KlaviyoHttp.JsonAsync(context, StatusCodes.Status200OK, document!) : KlaviyoHttp.ErrorAsync(context, error));
    }

    public Task AddAsync(HttpContext context, KlaviyoAccount account) => ChangeAsync(context, account, add: true);

    public Task RemoveAsync(HttpContext context, KlaviyoAccount account) => ChangeAsync(context, account, add: false);

    private async Task ChangeAsync(HttpContext context, KlaviyoAccount account, bool add)
    {
        var (body, error) = await KlaviyoHttp.ReadObjectAsync(context, options.MaxImportBytes);
        var (profileIds, idsError) = body is null ? (null, null) : ParseIdentifiers(body);
        error ??= idsError;
        var listId = (string)context.Request.RouteValues["id"]!;
        var now = time.GetUtcNow();
        lock (store.Gate)
        {
            if (error is null && !account.Lists.ContainsKey(listId))
            {
                error = KlaviyoError.NotFound($"A list with id {listId} does not exist.");
            }

            var unknown = error is null ? profileIds!.FindIndex(p => !account.Profiles.ContainsKey(p)) : -1;
            if (unknown >= 0)
            {
                error = KlaviyoError.Invalid($"No profile with the id given at /data/{unknown}/id exists in this account.", $"/data/{unknown}/id");
            }

            if (error is null)
            {
                var list = account.Lists[listId];
                var changed = add ? profileIds!.Count(p => list.Members.TryAdd(p, now)) : profileIds!.Count(list.Members.Remove);
                if (changed > 0)
                {
                    list.Updated = now;
                }
            }
        }

        await (error is null ? KlaviyoHttp.NoContent(context) : KlaviyoHttp.ErrorAsync(context, error));
    }

    private (List<string>? Ids, KlaviyoError? Error) ParseIdentifiers(JsonObject body)
    {
        if (body["data"] is not JsonArray data || data.Count == 0)
        {
            return (null, KlaviyoError.Invalid("'data' must be a non-empty array of {\"type\":\"profile\",\"id\"} objects.", "/data"));
        }

        if (data.Count > options.MaxRelationshipIds)
        {
            return (null, KlaviyoError.Invalid($"At most {options.MaxRelationshipIds} profiles can be given per request; got {data.Count}.", "/data"));
        }

        var ids = new List<string>(data.Count);
        for (var i = 0; i < data.Count; i++)
        {
            var item = data[i] as JsonObject;
            if (KlaviyoHttp.String(item, "type") != "profile")
            {
                return (null, KlaviyoError.Invalid("'type' must be 'profile'.", $"/data/{i}/type"));
            }

            if (KlaviyoHttp.String(item, "id") is not { } id)
            {
                return (null, KlaviyoError.Invalid("'id' is required and must be a non-empty string.", $"/data/{i}/id"));
            }

            ids.Add(id);
        }

        return (ids, null);
    }
}

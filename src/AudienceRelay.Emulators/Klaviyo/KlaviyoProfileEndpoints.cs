using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// Profile reads: <c>GET /api/lists/{id}/profiles</c> (filter on email or phone_number, page ≤ 100) and
/// <c>GET /api/profiles</c> (filter on id, email, phone_number or external_id, page ≤ 100)
/// (https://developers.klaviyo.com/en/reference/get_profiles_for_list, get_profiles).
/// </summary>
internal sealed class KlaviyoProfileEndpoints(KlaviyoStore store)
{
    private static readonly string[] ProfileFilterFields = ["id", "email", "phone_number", "external_id"];

    public async Task GetListProfilesAsync(HttpContext context, KlaviyoAccount account)
    {
        var (filter, page, error) = ParseQuery(context, KlaviyoMembershipEndpoints.MemberFilterFields);
        var id = (string)context.Request.RouteValues["id"]!;
        var root = KlaviyoHttp.ApiRoot(context);
        JsonObject? document = null;
        lock (store.Gate)
        {
            if (error is null && account.Lists.TryGetValue(id, out var list))
            {
                var members = list.Members
                    .Select(m => (Profile: account.Profiles[m.Key], Joined: m.Value))
                    .Where(m => filter is null || KlaviyoProfileFilter.Matches(filter, m.Profile))
                    .ToList();
                document = new JsonObject
                {
                    ["data"] = new JsonArray([.. page!.Slice(members).Select(m => KlaviyoResources.Profile(m.Profile, m.Joined, root))]),
                    ["links"] = page.Links(context, members.Count),
                };
            }
        }

        error ??= document is null ? KlaviyoError.NotFound($"A list with id {id} does not exist.") : null;
        await (error is null ? KlaviyoHttp.JsonAsync(context, StatusCodes.Status200OK, document!) : KlaviyoHttp.ErrorAsync(context, error));
    }

    public async Task GetProfilesAsync(HttpContext context, KlaviyoAccount account)
    {
        var (filter, page, error) = ParseQuery(context, ProfileFilterFields);
        if (error is not null)
        {
            await KlaviyoHttp.ErrorAsync(context, error);
            return;
        }

        var root = KlaviyoHttp.ApiRoot(context);
        JsonObject document;
        lock (store.Gate)
        {
            var profiles = account.Profiles.Values.Where(p => filter is null || KlaviyoProfileFilter.Matches(filter, p)).ToList();
            document = new JsonObject
            {
                ["data"] = new JsonArray([.. page!.Slice(profiles).Select(p => KlaviyoResources.Profile(p, null, root))]),
                ["links"] = page.Links(context, profiles.Count),
            };
        }

        await KlaviyoHttp.JsonAsync(context, StatusCodes.Status200OK, document);
    }

    private static (KlaviyoFilter? Filter, KlaviyoPage? Page, KlaviyoError? Error) ParseQuery(HttpContext context, IReadOnlyCollection<string> fields)
    {
        var (filter, error) = KlaviyoFilter.Parse(context.Request.Query["filter"], fields);
        if (error is not null)
        {
            return (null, null, error);
        }

        var (page, pageError) = KlaviyoPage.Parse(context, defaultSize: 20, maxSize: 100);
        return (filter, page, pageError);
    }
}

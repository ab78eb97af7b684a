using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// <c>GET /api/lists</c>, <c>POST /api/lists</c> and <c>GET /api/lists/{id}</c>
/// (https://developers.klaviyo.com/en/reference/get_lists, create_list, get_list).
/// </summary>
internal sealed class KlaviyoListEndpoints(KlaviyoStore store, KlaviyoEmulatorOptions options, TimeProvider time)
{
    private static readonly string[] FilterFields = ["name", "id"];
    private static readonly string[] Sorts = ["created", "-created", "id", "-id", "name", "-name", "updated", "-updated"];

    public async Task GetListsAsync(HttpContext context, KlaviyoAccount account)
    {
        var (filter, error) = KlaviyoFilter.Parse(context.Request.Query["filter"], FilterFields);
        var sort = context.Request.Query["sort"].ToString();
        error ??= sort.Length == 0 || Sorts.Contains(sort) ? null : KlaviyoError.InvalidParameter($"sort must be one of: {string.Join(", ", Sorts)}.", "sort");
        KlaviyoPage? page = null;
        if (error is null)
        {
            // Klaviyo returns at most 10 lists per page.
            (page, error) = KlaviyoPage.Parse(context, defaultSize: 10, maxSize: 10);
        }

        if (error is not null)
        {
            await KlaviyoHttp.ErrorAsync(context, error);
            return;
        }

        var root = KlaviyoHttp.ApiRoot(context);
        JsonObject document;
        lock (store.Gate)
        {
            var lists = account.Lists.Values
                .Where(l => filter is null || filter.Matches(filter.Field == "id" ? l.Id : l.Name, StringComparison.Ordinal));
            lists = sort.TrimStart('-') switch
            {
                "name" => lists.OrderBy(l => l.Name, StringComparer.Ordinal),
                "id" => lists.OrderBy(l => l.Id, StringComparer.Ordinal),
                "updated" => lists.OrderBy(l => l.Updated),
                _ => lists,
            };
            var all = (sort.StartsWith('-') ? lists.Reverse() : lists).ToList();
            document = new JsonObject
            {
                ["data"] = new JsonArray([.. page!.Slice(all).Select(l => KlaviyoResources.List(l, root))]),
                ["links"] = page.Links(context, all.Count),
            };
        }

        await KlaviyoHttp.JsonAsync(context, StatusCodes.Status200OK, document);
    }

    public async Task CreateListAsync(HttpContext context, KlaviyoAccount account)
    {
        var (body, error) = await KlaviyoHttp.ReadObjectAsync(context, options.MaxImportBytes);
        var data = body?["data"] as JsonObject;
        var attributes = data?["attributes"] as JsonObject;
        var name = KlaviyoHttp.String(attributes, "name");
        error ??= data is null ? KlaviyoError.Invalid("'data' is required and must be an object.", "/data") : null;
        error ??= KlaviyoHttp.String(data, "type") == "list" ? null : KlaviyoError.Invalid("'type' must be 'list'.", "/data/type");
        error ??= name is null ? KlaviyoError.Invalid("'name' is required and must be a non-empty string.", "/data/attributes/name") : null;
        var unknown = attributes?.Select(p => p.Key).FirstOrDefault(k => k is not ("name" or "opt_in_process"));
        error ??= unknown is null ? null : KlaviyoError.Invalid($"'{unknown}' is not a valid field for the resource 'list'.", $"/data/attributes/{unknown}");
        if (error is not null)
        {
            await KlaviyoHttp.ErrorAsync(context, error);
            return;
        }

        var now = time.GetUtcNow();
        KlaviyoList? list = null;
        lock (store.Gate)
        {
            if (account.TryCountListCreation(now, options.DailyListCreationLimit))
            {
                list = new KlaviyoList(store.NewListId(), name!, now);
                account.Lists.Add(list.Id, list);
            }
        }

        if (list is null)
        {
            // The daily cap, unlike a burst or steady throttle, only lifts at the next day (UTC here: Klaviyo does not say).
            var wait = (int)Math.Ceiling((now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds);
            await KlaviyoHttp.ErrorAsync(
                context,
                KlaviyoError.Throttled($"The daily list creation limit of {options.DailyListCreationLimit} lists per day has been reached. Expected available in {wait} seconds."),
                wait);
            return;
        }

        var root = KlaviyoHttp.ApiRoot(context);
        await KlaviyoHttp.JsonAsync(context, StatusCodes.Status201Created, new JsonObject { ["data"] = KlaviyoResources.List(list, root) });
    }

    public async Task GetListAsync(HttpContext context, KlaviyoAccount account)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var root = KlaviyoHttp.ApiRoot(context);
        JsonObject? resource;
        lock (store.Gate)
        {
            resource = account.Lists.TryGetValue(id, out var list) ? KlaviyoResources.List(list, root) : null;
        }

        await (resource is null
            ? KlaviyoHttp.ErrorAsync(context, KlaviyoError.NotFound($"A list with id {id} does not exist."))
            : KlaviyoHttp.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["data"] = resource, ["links"] = new JsonObject { ["self"] = $"{root}/lists/{id}/" } }));
    }
}

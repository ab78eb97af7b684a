using System.Globalization;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Pinterest;

/// <summary>
/// Customer lists and audiences of an ad account, as Pinterest's OpenAPI describes them (v5/openapi.json): lists page
/// with <c>page_size</c> (1 to 250) and <c>bookmark</c> and have no name filter; create needs <c>name</c> and
/// <c>records</c>; update needs <c>operation_type</c> ADD or REMOVE and non-empty <c>records</c>; an audience of type
/// CUSTOMER_LIST needs <c>rule.customer_list_id</c> of a list of the same account.
/// </summary>
internal sealed class PinterestEndpoints(PinterestState state, PinterestEmulatorOptions options)
{
    private static readonly string[] ListTypes = ["EMAIL", "IDFA", "MAID", "LR_ID", "DLX_ID", "HASHED_PINNER_ID"];
    private static readonly string[] AudienceTypes = ["CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE", "PERSONA"];

    public Task ListListsAsync(HttpContext context, string account) =>
        PageAsync(context, state.Lists(account).Select(l => (JsonNode)l.ToJson(options.MinimumListSize)).ToList());

    public Task ListAudiencesAsync(HttpContext context, string account) =>
        PageAsync(context, state.Audiences(account).Select(a => (JsonNode)Audience(a)).ToList());

    public async Task CreateListAsync(HttpContext context, string account)
    {
        var (body, error) = await PinterestHttp.ReadObjectAsync(context);
        var name = body is null ? null : PinterestHttp.Text(body["name"]);
        var records = body is null ? null : PinterestHttp.Text(body["records"]);
        var listType = body?["list_type"] is null ? "EMAIL" : PinterestHttp.Text(body["list_type"]);
        var problem = error
            ?? (name is not { Length: > 0 } ? "name: is required"
            : records is null ? "records: is required (a comma-separated string)"
            : listType is null || !ListTypes.Contains(listType, StringComparer.Ordinal) ? $"list_type: must be one of {string.Join(", ", ListTypes)}"
            : null);
        var (parsed, recordsProblem) = problem is null && records!.Length > 0 ? PinterestRecords.Parse(records, options.MaxRecordsPerCall) : ([], null);
        if ((problem ?? recordsProblem) is { } message)
        {
            await PinterestHttp.BadRequestAsync(context, message);
            return;
        }

        var list = state.CreateList(account, name!, listType!, parsed!);
        await PinterestHttp.OkAsync(context, state.Locked(() => list.ToJson(options.MinimumListSize)));
    }

    public async Task GetListAsync(HttpContext context, string account)
    {
        var list = state.FindList(account, (string)context.GetRouteValue("listId")!);
        await (list is null
            ? PinterestHttp.ErrorAsync(context, StatusCodes.Status404NotFound, PinterestHttp.NotFound, "Customer list not found.")
            : PinterestHttp.OkAsync(context, state.Locked(() => list.ToJson(options.MinimumListSize))));
    }

    public async Task UpdateListAsync(HttpContext context, string account)
    {
        var list = state.FindList(account, (string)context.GetRouteValue("listId")!);
        if (list is null)
        {
            await PinterestHttp.ErrorAsync(context, StatusCodes.Status404NotFound, PinterestHttp.NotFound, "Customer list not found.");
            return;
        }

        var (body, error) = await PinterestHttp.ReadObjectAsync(context);
        var operation = body is null ? null : PinterestHttp.Text(body["operation_type"]);
        var records = body is null ? null : PinterestHttp.Text(body["records"]);
        var problem = error
            ?? (operation is not ("ADD" or "REMOVE") ? "operation_type: must be ADD or REMOVE"
            : records is not { Length: > 0 } ? "records: is required (a non-empty comma-separated string)"
            : null);
        var (parsed, recordsProblem) = problem is null ? PinterestRecords.Parse(records!, options.MaxRecordsPerCall) : (null, null);
        if ((problem ?? recordsProblem) is { } message)
        {
            await PinterestHttp.BadRequestAsync(context, message);
            return;
        }

        var answer = state.Locked(() =>
        {
            list.Apply(operation!, parsed!);
            return list.ToJson(options.MinimumListSize);
        });
        await PinterestHttp.OkAsync(context, answer);
    }

    public async Task CreateAudienceAsync(HttpContext context, string account)
    {
        var (body, error) = await PinterestHttp.ReadObjectAsync(context);
        var name = body is null ? null : PinterestHttp.Text(body["name"]);
        var type = body is null ? null : PinterestHttp.Text(body["audience_type"]);
        var bodyAccount = body?["ad_account_id"] is null ? account : PinterestHttp.Text(body["ad_account_id"]);
        var listId = body?["rule"] is JsonObject rule ? PinterestHttp.Text(rule["customer_list_id"]) : null;
        var problem = error
            ?? (name is not { Length: > 0 } ? "name: is required"
            : type is null || !AudienceTypes.Contains(type, StringComparer.Ordinal) ? $"audience_type: must be one of {string.Join(", ", AudienceTypes)} (case-sensitive)"
            : body!["rule"] is not JsonObject ? "rule: is required"
            : bodyAccount != account ? "ad_account_id: does not match the ad account in the path"
            : type == "CUSTOMER_LIST" && (listId is null || state.FindList(account, listId) is null) ? "rule: customer_list_id must name a customer list of this ad account"
            : null);
        if (problem is not null)
        {
            await PinterestHttp.BadRequestAsync(context, problem);
            return;
        }

        await PinterestHttp.OkAsync(context, Audience(state.CreateAudience(account, name!, type!, listId)));
    }

    private async Task PageAsync(HttpContext context, List<JsonNode> items)
    {
        var size = 25;
        if (context.Request.Query["page_size"].ToString() is { Length: > 0 } rawSize
            && (!int.TryParse(rawSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > options.MaxPageSize))
        {
            await PinterestHttp.BadRequestAsync(context, $"page_size: must be between 1 and {options.MaxPageSize}");
            return;
        }

        var start = 0;
        if (context.Request.Query["bookmark"].ToString() is { Length: > 0 } bookmark && !int.TryParse(bookmark, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            await PinterestHttp.BadRequestAsync(context, "bookmark: is not valid");
            return;
        }

        var page = items.Skip(start).Take(size).ToList();
        var next = start + page.Count < items.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        await PinterestHttp.OkAsync(context, new JsonObject { ["items"] = new JsonArray([.. page]), ["bookmark"] = next });
    }

    private static JsonObject Audience(PinterestAudienceView a) => new()
    {
        ["id"] = a.Id,
        ["ad_account_id"] = a.AdAccountId,
        ["name"] = a.Name,
        ["audience_type"] = a.AudienceType,
        ["type"] = "audience",
        ["status"] = "READY",
        ["rule"] = new JsonObject { ["customer_list_id"] = a.CustomerListId },
    };
}

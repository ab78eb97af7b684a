using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Pinterest;

/// <summary>
/// Customer lists of an ad account, as Pinterest's OpenAPI describes them (v5/openapi.json): lists page with
/// <c>page_size</c> (1 to 250) and <c>bookmark</c> and have no name filter; create needs <c>name</c> and <c>records</c>;
/// update needs <c>operation_type</c> ADD or REMOVE and non-empty <c>records</c>.
/// </summary>
internal sealed class PinterestListEndpoints(PinterestState state, PinterestEmulatorOptions options)
{
    private static readonly string[] ListTypes = ["EMAIL", "IDFA", "MAID", "LR_ID", "DLX_ID", "HASHED_PINNER_ID"];

    public Task ListListsAsync(HttpContext context, string account) =>
        PinterestHttp.PageAsync(context, state.Lists(account).Select(l => (JsonNode)l.ToJson(options.MinimumListSize)).ToList(), options.MaxPageSize);

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
}

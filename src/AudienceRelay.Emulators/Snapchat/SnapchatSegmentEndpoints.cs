using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Snapchat;

/// <summary>
/// List, create and read segments of an ad account, as Snap documents them
/// (https://developers.snap.com/api/marketing-api/Ads-API/customer-lists): create takes a <c>segments</c> array whose
/// items need name (≤ 375 characters), source_type, retention_in_days (1 to 9999) and the path's ad_account_id; the
/// list pages with <c>limit</c> (50 to 1000) and answers <c>paging.next_link</c>.
/// </summary>
internal sealed class SnapchatSegmentEndpoints(SnapchatState state, SnapchatEmulatorOptions options)
{
    private static readonly string[] SourceTypes = ["FIRST_PARTY", "ENGAGEMENT", "PIXEL", "MOBILE", "FOOT_TRAFFIC_INSIGHTS"];

    public async Task ListAsync(HttpContext context, string clientId)
    {
        var account = (string)context.GetRouteValue("adAccountId")!;
        if (!await AccountAsync(context, clientId, account))
        {
            return;
        }

        var limit = 50;
        if (context.Request.Query["limit"].ToString() is { Length: > 0 } rawLimit
            && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 50 or > 1000))
        {
            await SnapchatHttp.BadRequestAsync(context, "limit must be between 50 and 1000");
            return;
        }

        var cursor = 0;
        if (context.Request.Query["cursor"].ToString() is { Length: > 0 } rawCursor && !int.TryParse(rawCursor, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            await SnapchatHttp.BadRequestAsync(context, "cursor is not valid");
            return;
        }

        var all = state.SegmentsOf(account);
        var size = Math.Min(limit, options.PageSize);
        var page = all.Skip(cursor).Take(size).ToList();
        var body = new JsonObject { ["segments"] = new JsonArray([.. page.Select(Wrap)]) };
        if (cursor + page.Count < all.Count)
        {
            var root = options.NextLinkRoot?.ToString().TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
            body["paging"] = new JsonObject { ["next_link"] = $"{root}{context.Request.Path}?limit={limit}&cursor={cursor + page.Count}" };
        }

        await SnapchatHttp.OkAsync(context, body);
    }

    public async Task CreateAsync(HttpContext context, string clientId)
    {
        var account = (string)context.GetRouteValue("adAccountId")!;
        if (!await AccountAsync(context, clientId, account))
        {
            return;
        }

        var (body, error) = await SnapchatHttp.ReadObjectAsync(context);
        if (body?["segments"] is not JsonArray { Count: > 0 } items)
        {
            await SnapchatHttp.BadRequestAsync(context, error ?? "segments: a non-empty array is required");
            return;
        }

        var valid = new List<(string Name, string? Description, string Source, int Retention)>();
        foreach (var item in items)
        {
            if (Check(item as JsonObject, account) is { } problem)
            {
                await SnapchatHttp.BadRequestAsync(context, problem);
                return;
            }

            var segment = (JsonObject)item!;
            valid.Add((SnapchatHttp.Text(segment["name"])!, SnapchatHttp.Text(segment["description"]), SnapchatHttp.Text(segment["source_type"])!, segment["retention_in_days"]!.GetValue<int>()));
        }

        var created = valid.Select(v => state.Create(account, v.Name, v.Description, v.Source, v.Retention)).ToList();
        await SnapchatHttp.OkAsync(context, new JsonObject { ["segments"] = new JsonArray([.. created.Select(Wrap)]) });
    }

    public async Task GetAsync(HttpContext context, string clientId)
    {
        var segment = state.Find((string)context.GetRouteValue("segmentId")!);
        if (segment is null || !state.CanUse(clientId, segment.AdAccountId))
        {
            await SnapchatHttp.ErrorAsync(context, StatusCodes.Status404NotFound, "E1008", "Resource can not be found");
            return;
        }

        await SnapchatHttp.OkAsync(context, new JsonObject { ["segments"] = new JsonArray(Wrap(segment)) });
    }

    private string? Check(JsonObject? segment, string account)
    {
        if (segment is null)
        {
            return "segments: each item must be an object";
        }

        var name = SnapchatHttp.Text(segment["name"]);
        var source = SnapchatHttp.Text(segment["source_type"]);
        var accountId = SnapchatHttp.Text(segment["ad_account_id"]);
        return name is not { Length: > 0 } ? "name is required"
            : name.Length > options.MaxNameLength ? $"name must be at most {options.MaxNameLength} characters"
            : source is null ? "source_type is required"
            : !SourceTypes.Contains(source, StringComparer.Ordinal) ? $"source_type must be one of {string.Join(", ", SourceTypes)}"
            : segment["retention_in_days"] is not JsonValue retention || retention.GetValueKind() != JsonValueKind.Number || !retention.TryGetValue<int>(out var days) ? "retention_in_days is required (a whole number)"
            : days is < 1 or > 9999 ? "retention_in_days must be between 1 and 9999"
            : accountId is null ? "ad_account_id is required"
            : accountId != account ? "ad_account_id does not match the ad account in the path"
            : null;
    }

    private async Task<bool> AccountAsync(HttpContext context, string clientId, string account)
    {
        if (!state.AccountExists(account))
        {
            await SnapchatHttp.ErrorAsync(context, StatusCodes.Status404NotFound, "E1008", "Resource can not be found");
            return false;
        }

        if (!state.CanUse(clientId, account))
        {
            await SnapchatHttp.ErrorAsync(context, StatusCodes.Status403Forbidden, "E3002", "The user does not have permission to access this ad account");
            return false;
        }

        return true;
    }

    private static JsonObject Wrap(SnapchatSegment s) => new()
    {
        ["sub_request_status"] = "SUCCESS",
        ["segment"] = new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["ad_account_id"] = s.AdAccountId,
            ["description"] = s.Description,
            ["status"] = "ACTIVE",
            ["source_type"] = s.SourceType,
            ["retention_in_days"] = s.RetentionInDays,
            ["approximate_number_users"] = s.MemberCount,
            ["created_at"] = s.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        },
    };
}

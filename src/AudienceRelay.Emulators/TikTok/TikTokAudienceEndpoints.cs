using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// Create, list and get segment audiences. Shapes from providers.md §2.3 (TikTok's partner-audience and
/// custom-audience endpoints: https://business-api.tiktok.com/portal/docs?id=1739940506015746).
/// </summary>
internal sealed class TikTokAudienceEndpoints(TikTokState state, TikTokEmulatorOptions options)
{
    /// <summary><c>POST /open_api/v1.3/segment/audience/</c> with <c>action: create</c>; duplicate names each get a new id.</summary>
    public async Task CreateAsync(HttpContext context, string token)
    {
        var (body, readError) = await TikTokHttp.ReadObjectAsync(context);
        if (body is null)
        {
            await TikTokHttp.ErrorAsync(context, readError!);
            return;
        }

        var advertiserId = TikTokHttp.String(body, "advertiser_id");
        var error = Authorize(token, advertiserId);
        var name = TikTokHttp.String(body, "custom_audience_name");
        var action = TikTokHttp.String(body, "action");
        error ??= name is null ? TikTokHttp.Missing("custom_audience_name") : null;
        error ??= name!.Length > options.MaxAudienceNameLength
            ? TikTokHttp.Invalid("custom_audience_name", $"Longer than maximum length {options.MaxAudienceNameLength}.")
            : null;
        error ??= action switch
        {
            null => TikTokHttp.Missing("action"),
            "create" => null,
            _ => TikTokHttp.Invalid("action", "Must be one of: create."),
        };
        if (error is not null)
        {
            await TikTokHttp.ErrorAsync(context, error);
            return;
        }

        var audience = state.Create(advertiserId!, name!);
        await TikTokHttp.OkAsync(context, new JsonObject { ["audience_id"] = audience.Id });
    }

    /// <summary><c>GET /open_api/v1.3/dmp/custom_audience/list/?advertiser_id=&amp;page=&amp;page_size=</c>, newest first.</summary>
    public async Task ListAsync(HttpContext context, string token)
    {
        var query = context.Request.Query;
        var advertiserId = query["advertiser_id"].ToString();
        var error = Authorize(token, advertiserId.Length == 0 ? null : advertiserId);
        var page = 1;
        var pageSize = 10;
        error ??= ParsePositive(query["page"].ToString(), "page", int.MaxValue, ref page);
        error ??= ParsePositive(query["page_size"].ToString(), "page_size", options.MaxPageSize, ref pageSize);
        if (error is not null)
        {
            await TikTokHttp.ErrorAsync(context, error);
            return;
        }

        var all = state.AudiencesOf(advertiserId);
        var items = new JsonArray([.. all.Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue)).Take(pageSize).Select(Describe)]);
        await TikTokHttp.OkAsync(context, new JsonObject
        {
            ["list"] = items,
            ["page_info"] = new JsonObject
            {
                ["page"] = page,
                ["page_size"] = pageSize,
                ["total_number"] = all.Count,
                ["total_page"] = (all.Count + pageSize - 1) / pageSize,
            },
        });
    }

    /// <summary><c>GET /open_api/v1.3/dmp/custom_audience/get/?advertiser_id=&amp;custom_audience_ids=["id"]</c>.</summary>
    public async Task GetAsync(HttpContext context, string token)
    {
        var advertiserId = context.Request.Query["advertiser_id"].ToString();
        var error = Authorize(token, advertiserId.Length == 0 ? null : advertiserId);
        List<string>? ids = null;
        if (error is null)
        {
            (ids, error) = ParseIdList(context.Request.Query["custom_audience_ids"].ToString());
        }

        var found = new JsonArray();
        foreach (var id in ids ?? [])
        {
            var audience = state.Find(id, [advertiserId]);
            if (audience is null)
            {
                error ??= new TikTokError(TikTokCodes.NotFound, $"Custom audience {id} does not exist.");
                break;
            }

            found.Add(new JsonObject { ["audience_details"] = Describe(audience) });
        }

        await (error is null ? TikTokHttp.OkAsync(context, new JsonObject { ["list"] = found }) : TikTokHttp.ErrorAsync(context, error));
    }

    private TikTokError? Authorize(string token, string? advertiserId) =>
        advertiserId is null ? TikTokHttp.Missing("advertiser_id")
        : state.IsAuthorized(token, advertiserId) ? null
        : new TikTokError(TikTokCodes.AdvertiserNotAuthorized, $"The core user is invalid: the access token is not authorized for advertiser {advertiserId}.");

    private static TikTokError? ParsePositive(string text, string field, int max, ref int value)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return TikTokHttp.Invalid(field, "Must be a positive integer.");
        }

        if (parsed > max)
        {
            return TikTokHttp.Invalid(field, $"Must be less than or equal to {max}.");
        }

        value = parsed;
        return null;
    }

    private static (List<string>? Ids, TikTokError? Error) ParseIdList(string text)
    {
        if (text.Length == 0)
        {
            return (null, TikTokHttp.Missing("custom_audience_ids"));
        }

        try
        {
            if (JsonNode.Parse(text) is JsonArray { Count: > 0 and <= 100 } array
                && array.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String))
            {
                return ([.. array.Select(n => n!.GetValue<string>())], null);
            }
        }
        catch (JsonException)
        {
            // Falls through to the parameter error below: TikTok wants a JSON array of 1 to 100 id strings.
        }

        return (null, TikTokHttp.Invalid("custom_audience_ids", "Must be a JSON list of 1 to 100 audience id strings."));
    }

    private static JsonObject Describe(TikTokAudienceView audience) => new()
    {
        ["audience_id"] = audience.AudienceId,
        ["name"] = audience.Name,
        ["audience_type"] = audience.Kind,
        ["cover_num"] = audience.MemberCount,
        ["is_valid"] = true,
        ["is_expiring"] = false,
        ["create_time"] = audience.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
    };
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>
/// Find (<c>q=account</c>), get and create DMP segments
/// (https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments).
/// </summary>
internal sealed class LinkedInSegmentEndpoints(LinkedInState state, LinkedInEmulatorOptions options)
{
    private static readonly HashSet<string> SegmentTypes = new(["USER", "COMPANY"], StringComparer.Ordinal);

    /// <summary><c>GET /rest/dmpSegments?q=account&amp;account=urn&amp;sourcePlatform=&amp;sourceSegmentId=&amp;start=&amp;count=</c>.</summary>
    public async Task FindAsync(HttpContext context, string token)
    {
        var query = context.Request.Query;
        if (query["q"].ToString() != "account")
        {
            await LinkedInHttp.BadRequestAsync(context, "Unsupported finder: q must be account.");
            return;
        }

        var accountId = LinkedInHttp.AccountId(query["account"].ToString());
        if (accountId is null)
        {
            await LinkedInHttp.BadRequestAsync(context, "account: must be urn:li:sponsoredAccount:<id> (URL-encoded).");
            return;
        }

        if (!state.CanAct(token, accountId))
        {
            await Forbidden(context, accountId);
            return;
        }

        // Without start and count the finder returns every segment (LinkedIn documents this exception to paging).
        var paged = query.ContainsKey("start") || query.ContainsKey("count");
        var start = 0;
        var count = 10;
        if (paged && (!Parse(query["start"].ToString(), 0, int.MaxValue, ref start) || !Parse(query["count"].ToString(), 1, options.MaxPageCount, ref count)))
        {
            await LinkedInHttp.BadRequestAsync(context, $"start must be ≥ 0 and count from 1 to {options.MaxPageCount}.");
            return;
        }

        var all = state.Segments(accountId, Optional(query["sourcePlatform"].ToString()), Optional(query["sourceSegmentId"].ToString()));
        var page = paged ? all.Skip(start).Take(count).ToList() : [.. all];
        var now = state.Time.GetUtcNow();
        await LinkedInHttp.JsonAsync(context, 200, new JsonObject
        {
            ["paging"] = new JsonObject { ["start"] = start, ["count"] = paged ? count : all.Count, ["total"] = all.Count, ["links"] = new JsonArray() },
            ["elements"] = new JsonArray([.. page.Select(s => LinkedInHttp.Describe(s, IsReady(s, now)))]),
        });
    }

    /// <summary><c>GET /rest/dmpSegments/{id}</c>.</summary>
    public async Task GetAsync(HttpContext context, string token, long id)
    {
        if (state.Find(id) is not { } segment)
        {
            await LinkedInHttp.ErrorAsync(context, 404, 404, $"DMP segment {id} does not exist.", "NOT_FOUND");
            return;
        }

        if (!state.CanAct(token, segment.AccountId))
        {
            await Forbidden(context, segment.AccountId);
            return;
        }

        await LinkedInHttp.JsonAsync(context, 200, LinkedInHttp.Describe(segment, IsReady(segment, state.Time.GetUtcNow())));
    }

    /// <summary><c>POST /rest/dmpSegments</c>: 201, no body, the new id in <c>x-linkedin-id</c> and <c>x-restli-id</c>.</summary>
    public async Task CreateAsync(HttpContext context, string token)
    {
        var (body, readError) = await LinkedInHttp.ReadObjectAsync(context);
        if (body is null)
        {
            await LinkedInHttp.BadRequestAsync(context, readError!);
            return;
        }

        var name = LinkedInHttp.String(body, "name");
        var platform = LinkedInHttp.String(body, "sourcePlatform");
        var accountId = LinkedInHttp.AccountId(LinkedInHttp.String(body, "account"));
        var type = LinkedInHttp.String(body, "type");
        var problem = string.IsNullOrWhiteSpace(name) ? "name: required."
            : string.IsNullOrEmpty(platform) || !platform.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_') ? "sourcePlatform: required, the partner enum LinkedIn assigned."
            : accountId is null ? "account: must be urn:li:sponsoredAccount:<id>."
            : type is null || !SegmentTypes.Contains(type) ? "type: must be USER or COMPANY."
            : !OnlyLinkedInDestination(body["destinations"]) ? "destinations: must be [{\"destination\":\"LINKEDIN\"}]."
            : body["accessPolicy"] is not null && LinkedInHttp.String(body, "accessPolicy") != "PRIVATE" ? "accessPolicy: must be PRIVATE."
            : null;
        if (problem is not null)
        {
            await LinkedInHttp.ErrorAsync(context, 422, 100, problem, "UNPROCESSABLE_ENTITY");
            return;
        }

        if (!state.CanAct(token, accountId!))
        {
            await Forbidden(context, accountId!);
            return;
        }

        var segment = state.Create(accountId!, name!, platform!, LinkedInHttp.String(body, "sourceSegmentId"), type!);
        var id = segment.Id.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-linkedin-id"] = id;
        context.Response.Headers["x-restli-id"] = id;
        context.Response.StatusCode = 201;
    }

    public bool IsReady(LinkedInSegmentView segment, DateTimeOffset now) => now >= segment.CreatedAt + options.ReadinessDelay;

    private static Task Forbidden(HttpContext context, string accountId) =>
        LinkedInHttp.ErrorAsync(context, 403, 100, $"Not enough permissions to access DMP segments of urn:li:sponsoredAccount:{accountId}.", "ACCESS_DENIED");

    private static bool OnlyLinkedInDestination(JsonNode? node) =>
        node is JsonArray { Count: 1 } array && array[0] is JsonObject first && LinkedInHttp.String(first, "destination") == "LINKEDIN";

    private static string? Optional(string value) => value.Length == 0 ? null : value;

    private static bool Parse(string text, int min, int max, ref int value)
    {
        if (text.Length == 0)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            return false;
        }

        value = parsed;
        return true;
    }
}

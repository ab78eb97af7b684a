using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Pinterest;

/// <summary>
/// Pinterest's wire conventions: JSON bodies, and errors as <c>{"code": n, "message": "..."}</c> with the HTTP status
/// (pinterest/api-description v5/openapi.json, schema <c>Error</c>). The codes used here are the emulator's own.
/// </summary>
internal static class PinterestHttp
{
    public const int InvalidParameters = 1;
    public const int AuthenticationFailed = 2;
    public const int NotAuthorized = 3;
    public const int NotFound = 4;
    public const int RateLimited = 8;

    public static Task OkAsync(HttpContext context, JsonNode body) => WriteAsync(context, StatusCodes.Status200OK, body);

    public static Task ErrorAsync(HttpContext context, int status, int code, string message) =>
        WriteAsync(context, status, new JsonObject { ["code"] = code, ["message"] = message });

    public static Task BadRequestAsync(HttpContext context, string message) => ErrorAsync(context, StatusCodes.Status400BadRequest, InvalidParameters, message);

    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static async Task<(JsonObject? Body, string? Error)> ReadObjectAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, "Content-Type must be application/json");
        }

        try
        {
            var node = await JsonBody.ReadAsync(context.Request.Body, context.RequestAborted);
            return node is JsonObject body ? (body, null) : (null, "The request body must be a JSON object");
        }
        catch (JsonException)
        {
            return (null, "The request body is not valid JSON");
        }
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>One page of <paramref name="items"/>: <c>page_size</c> (default 25, at most <paramref name="maxPageSize"/>) from the <c>bookmark</c>.</summary>
    public static async Task PageAsync(HttpContext context, List<JsonNode> items, int maxPageSize)
    {
        var size = 25;
        if (context.Request.Query["page_size"].ToString() is { Length: > 0 } rawSize
            && (!int.TryParse(rawSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > maxPageSize))
        {
            await PinterestHttp.BadRequestAsync(context, $"page_size: must be between 1 and {maxPageSize}");
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
}

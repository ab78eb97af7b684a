using System.Text.Json;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// TikTok's wire conventions: every answer that reaches the API is HTTP 200 with
/// <c>{"code","message","request_id","data"}</c>; success or failure lives in <c>code</c>
/// (https://business-api.tiktok.com/portal/docs?id=1737172488964097).
/// </summary>
internal static class TikTokHttp
{
    public static Task OkAsync(HttpContext context, JsonObject data) => WriteAsync(context, TikTokCodes.Ok, "OK", data);

    public static Task ErrorAsync(HttpContext context, TikTokError error, int statusCode = StatusCodes.Status200OK) =>
        WriteAsync(context, error.Code, error.Message, [], statusCode);

    public static async Task WriteAsync(HttpContext context, int code, string message, JsonObject data, int statusCode = StatusCodes.Status200OK)
    {
        var body = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["request_id"] = Guid.NewGuid().ToString("N"),
            ["data"] = data,
        };
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Reads a JSON object body, or gives the error TikTok answers for a missing or malformed one.</summary>
    public static async Task<(JsonObject? Body, TikTokError? Error)> ReadObjectAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, new TikTokError(TikTokCodes.InvalidParameters, "Content-Type must be application/json."));
        }

        try
        {
            var node = await JsonBody.ReadAsync(context.Request.Body, context.RequestAborted);
            return node is JsonObject body
                ? (body, null)
                : (null, new TikTokError(TikTokCodes.InvalidParameters, "The request body must be a JSON object."));
        }
        catch (JsonException)
        {
            return (null, new TikTokError(TikTokCodes.InvalidParameters, "The request body is not valid JSON."));
        }
    }

    /// <summary>A non-empty string member, or null (missing, null, empty or not a string).</summary>
    public static string? String(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? text
            : null;

    public static TikTokError Missing(string field) => new(TikTokCodes.ParameterError, $"{field}: Missing data for required field.");

    public static TikTokError Invalid(string field, string why) => new(TikTokCodes.ParameterError, $"{field}: {why}");
}

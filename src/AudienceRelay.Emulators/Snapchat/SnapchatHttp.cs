using System.Text.Json;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Snapchat;

/// <summary>
/// Snap's wire conventions: success bodies carry <c>request_status</c> SUCCESS and a <c>request_id</c>; errors carry
/// <c>request_status</c> ERROR, <c>debug_message</c>, <c>display_message</c> and an <c>error_code</c>
/// (https://developers.snap.com/api/marketing-api/Ads-API/errors).
/// </summary>
internal static class SnapchatHttp
{
    public static Task OkAsync(HttpContext context, JsonObject body)
    {
        body["request_status"] = "SUCCESS";
        body["request_id"] = Guid.NewGuid().ToString("N");
        return WriteAsync(context, StatusCodes.Status200OK, body);
    }

    public static Task ErrorAsync(HttpContext context, int status, string? code, string message)
    {
        var body = new JsonObject
        {
            ["request_status"] = "ERROR",
            ["request_id"] = Guid.NewGuid().ToString("N"),
            ["debug_message"] = message,
            ["display_message"] = "We're sorry, but the request could not be processed.",
        };
        if (code is not null)
        {
            body["error_code"] = code;
        }

        return WriteAsync(context, status, body);
    }

    public static Task BadRequestAsync(HttpContext context, string message) => ErrorAsync(context, StatusCodes.Status400BadRequest, "E1001", message);

    public static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>A JSON object body, or the message Snap's 400 would carry.</summary>
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
}

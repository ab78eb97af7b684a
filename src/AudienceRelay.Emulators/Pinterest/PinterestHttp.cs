using System.Text.Json;
using System.Text.Json.Nodes;

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
            var node = await JsonNode.ParseAsync(context.Request.Body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }, cancellationToken: context.RequestAborted);
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

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>
/// LinkedIn's wire conventions: errors as <c>{"status","serviceErrorCode","code","message"}</c> with the HTTP status
/// repeated in the body (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling).
/// </summary>
internal static class LinkedInHttp
{
    public static async Task ErrorAsync(HttpContext context, int status, int serviceErrorCode, string message, string? code = null, int? retryAfterSeconds = null)
    {
        var body = new JsonObject { ["status"] = status, ["serviceErrorCode"] = serviceErrorCode, ["message"] = message };
        if (code is not null)
        {
            body["code"] = code;
        }

        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await JsonAsync(context, status, body);
    }

    public static Task BadRequestAsync(HttpContext context, string message) => ErrorAsync(context, 400, 100, message, "INVALID_REQUEST");

    public static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Reads a JSON object body, or the message of the 400 LinkedIn answers for a missing or malformed one.</summary>
    public static async Task<(JsonObject? Body, string? Error)> ReadObjectAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, "Content-Type must be application/json.");
        }

        try
        {
            var node = await JsonBody.ReadAsync(context.Request.Body, context.RequestAborted);
            return node is JsonObject body ? (body, null) : (null, "The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            return (null, "The request body is not valid JSON.");
        }
    }

    /// <summary>A string member, or null (missing, null or not a string).</summary>
    public static string? String(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The digits of <c>urn:li:sponsoredAccount:N</c>, or null.</summary>
    public static string? AccountId(string? urn)
    {
        const string Prefix = "urn:li:sponsoredAccount:";
        return urn is not null && urn.StartsWith(Prefix, StringComparison.Ordinal) && urn.Length > Prefix.Length && urn[Prefix.Length..].All(char.IsAsciiDigit)
            ? urn[Prefix.Length..]
            : null;
    }

    public static JsonObject Describe(LinkedInSegmentView s, bool ready) => new()
    {
        ["id"] = long.Parse(s.Id, CultureInfo.InvariantCulture),
        ["name"] = s.Name,
        ["account"] = "urn:li:sponsoredAccount:" + s.AccountId,
        ["accessPolicy"] = "PRIVATE",
        ["type"] = s.Type,
        ["sourcePlatform"] = s.SourcePlatform,
        ["sourceSegmentId"] = s.SourceSegmentId,
        ["created"] = s.CreatedAt.ToUnixTimeMilliseconds(),
        ["destinations"] = new JsonArray(new JsonObject { ["destination"] = "LINKEDIN", ["status"] = ready ? "READY" : "BUILDING" }),
    };
}

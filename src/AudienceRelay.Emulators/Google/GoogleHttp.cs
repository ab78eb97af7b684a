using System.Text.Json;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Google;

/// <summary>One Google Ads error: its category and code (<c>databaseError</c>/<c>CONCURRENT_MODIFICATION</c>), message and where.</summary>
internal sealed record GoogleEmuError(string Category, string Code, string Message, JsonArray? Path = null, string? RetryDelay = null);

/// <summary>
/// Google's REST error shape (https://developers.google.com/google-ads/api/docs/get-started/common-errors): a
/// <c>google.rpc.Status</c> whose details hold one <c>GoogleAdsFailure</c> with the Google Ads errors.
/// </summary>
internal static class GoogleHttp
{
    public static Task JsonAsync(HttpContext context, JsonNode body, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, string version, int status, string rpcStatus, string message, params GoogleEmuError[] errors) =>
        JsonAsync(context, new JsonObject { ["error"] = Status(version, StatusCode(rpcStatus), rpcStatus, message, errors) }, status);

    public static Task InvalidAsync(HttpContext context, string version, GoogleEmuError error) =>
        ErrorAsync(context, version, StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "Request contains an invalid argument.", error);

    /// <summary>A <c>google.rpc.Status</c> object (also the <c>partialFailureError</c> of an answer).</summary>
    public static JsonObject Status(string version, int code, string? rpcStatus, string message, IEnumerable<GoogleEmuError> errors)
    {
        var list = new JsonArray();
        foreach (var error in errors)
        {
            var item = new JsonObject { ["errorCode"] = new JsonObject { [error.Category] = error.Code }, ["message"] = error.Message };
            if (error.Path is not null)
            {
                item["location"] = new JsonObject { ["fieldPathElements"] = error.Path };
            }

            if (error.RetryDelay is not null)
            {
                item["details"] = new JsonObject { ["quotaErrorDetails"] = new JsonObject { ["rateScope"] = "DEVELOPER", ["rateName"] = "Requests per developer token", ["retryDelay"] = error.RetryDelay } };
            }

            list.Add(item);
        }

        var status = new JsonObject { ["code"] = code, ["message"] = message };
        if (rpcStatus is not null)
        {
            status["status"] = rpcStatus;
        }

        status["details"] = new JsonArray(new JsonObject
        {
            ["@type"] = $"type.googleapis.com/google.ads.googleads.{version}.errors.GoogleAdsFailure",
            ["errors"] = list,
            ["requestId"] = Guid.NewGuid().ToString("N")[..22],
        });
        return status;
    }

    /// <summary>A field path such as <c>operations[3].create.user_identifiers[0].hashed_email</c>.</summary>
    public static JsonArray Path(params (string Field, int? Index)[] elements)
    {
        var path = new JsonArray();
        foreach (var (field, index) in elements)
        {
            var element = new JsonObject { ["fieldName"] = field };
            if (index is int i)
            {
                element["index"] = i;
            }

            path.Add(element);
        }

        return path;
    }

    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await JsonBody.ReadAsync(context.Request.Body, context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static int StatusCode(string rpcStatus) => rpcStatus switch
    {
        "INVALID_ARGUMENT" => 3,
        "NOT_FOUND" => 5,
        "PERMISSION_DENIED" => 7,
        "RESOURCE_EXHAUSTED" => 8,
        "FAILED_PRECONDITION" => 9,
        "INTERNAL" => 13,
        "UNAVAILABLE" => 14,
        "UNAUTHENTICATED" => 16,
        _ => 2,
    };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>Klaviyo's wire conventions: JSON:API documents served as <c>application/vnd.api+json</c>.</summary>
internal static class KlaviyoHttp
{
    public const string MediaType = "application/vnd.api+json";

    public static async Task JsonAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = MediaType;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public static Task ErrorAsync(HttpContext context, KlaviyoError error, int? retryAfterSeconds = null)
    {
        if (retryAfterSeconds is int seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var source = new JsonObject();
        if (error.Pointer is not null)
        {
            source["pointer"] = error.Pointer;
        }

        if (error.Parameter is not null)
        {
            source["parameter"] = error.Parameter;
        }

        var item = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["status"] = error.Status,
            ["code"] = error.Code,
            ["title"] = error.Title,
            ["detail"] = error.Detail,
            ["source"] = source,
            ["meta"] = new JsonObject(),
        };
        return JsonAsync(context, error.Status, new JsonObject { ["errors"] = new JsonArray(item) });
    }

    /// <summary>
    /// Reads a JSON object body of at most <paramref name="maxBytes"/>: 415 for a non-JSON content type, 413 when too
    /// large (the rest of the body is drained so the client reads the answer), 400 when not a JSON object.
    /// </summary>
    public static async Task<(JsonObject? Body, KlaviyoError? Error)> ReadObjectAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, new KlaviyoError(415, "unsupported_media_type", "Unsupported media type.", $"Send the body as {MediaType} or application/json.", Pointer: "/data/"));
        }

        // Sized from Content-Length when it is allowed, so a body of several MB is not copied through every doubling of the stream.
        var tooLarge = request.ContentLength > maxBytes;
        using var buffer = new MemoryStream(tooLarge ? 0 : (int)(request.ContentLength ?? 0));
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            tooLarge |= buffer.Length + read > maxBytes;
            if (!tooLarge)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        if (tooLarge)
        {
            return (null, new KlaviyoError(413, "payload_too_large", "Payload too large.", $"The request body is larger than the maximum of {maxBytes} bytes.", Pointer: "/data/"));
        }

        try
        {
            var node = JsonBody.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            return node is JsonObject body ? (body, null) : (null, KlaviyoError.Invalid("The request body must be a JSON object.", "/data"));
        }
        catch (JsonException)
        {
            return (null, KlaviyoError.Invalid("The request body is not valid JSON.", "/data"));
        }
    }

    /// <summary>The URL root of the emulated API as the caller sees it, e.g. <c>http://127.0.0.1:5081/klaviyo/api</c>.</summary>
    public static string ApiRoot(HttpContext context)
    {
        var path = context.Request.PathBase.Add(context.Request.Path).Value ?? string.Empty;
        var at = path.IndexOf("/api/", StringComparison.Ordinal);
        var prefix = at >= 0 ? path[..at] : path;
        return $"{context.Request.Scheme}://{context.Request.Host}{prefix}/api";
    }

    /// <summary>Klaviyo's timestamp format, e.g. <c>2022-11-08T00:00:00.000000+00:00</c>.</summary>
    public static string Date(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    public static JsonNode? Date(DateTimeOffset? value) => value is { } v ? Date(v) : null;

    /// <summary>A non-empty string member, or null.</summary>
    public static string? String(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? text
            : null;
}

using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Meta;

/// <summary>Writes Graph answers: JSON bodies, Meta's error envelope, the HTML error page, and the usage headers.</summary>
internal static class GraphResponder
{
    public const string ErrorCodeItem = "meta.error.code";
    private const string TraceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    public static async Task WriteJsonAsync(HttpContext context, JsonNode body, string? usageKey, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-fb-trace-id"] = TraceId();
        UsageHeaders.Set(context, usageKey, throttled: false, code: null, regainMinutes: 0);
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, GraphError error, string? usageKey)
    {
        context.Items[ErrorCodeItem] = error.Code;
        var body = new JsonObject
        {
            ["message"] = error.Message,
            ["type"] = error.Type,
            ["code"] = error.Code,
        };
        if (error.Subcode is { } subcode)
        {
            body["error_subcode"] = subcode;
        }

        if (error.IsTransient is { } transient)
        {
            body["is_transient"] = transient;
        }

        if (error.UserTitle is not null)
        {
            body["error_user_title"] = error.UserTitle;
        }

        if (error.UserMessage is not null)
        {
            body["error_user_msg"] = error.UserMessage;
        }

        body["fbtrace_id"] = TraceId();
        return WriteJsonAsync(context, new JsonObject { ["error"] = body }, usageKey, error.Status);
    }

    /// <summary>
    /// Graph's edge sometimes answers with an HTML error page instead of JSON (seen by SDK users on large
    /// uploads, e.g. facebook/facebook-python-business-sdk#141); a client must treat it as a retryable server error.
    /// </summary>
    public static async Task WriteHtmlErrorAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        const string page = """
            <!DOCTYPE html>
            <html lang="en" id="facebook">
              <head><title>Facebook | Error</title><meta charset="utf-8"><meta name="robots" content="noindex,nofollow"></head>
              <body><div id="content"><h1>Sorry, something went wrong.</h1><p>We're working on it and we'll get it fixed as soon as we can.</p></div></body>
            </html>
            """;
        await context.Response.WriteAsync(page, context.RequestAborted);
    }

    private static string TraceId() =>
        string.Create(11, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = TraceAlphabet[Random.Shared.Next(TraceAlphabet.Length)];
            }
        });
}

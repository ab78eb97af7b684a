using Microsoft.AspNetCore.Diagnostics;

namespace AudienceRelay.Server.Errors;

/// <summary>
/// Answers that no endpoint writes itself still get the API's one error shape: an unhandled exception
/// (500, generic text, never the exception's message, which may quote data), a wrong method (405), an
/// unknown path (404). Without this they are empty bodies that clients cannot read.
/// </summary>
internal static class ApiErrorPages
{
    public static WebApplication UseApiErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => ApiProblem.WriteAsync(context, StatusCodes.Status500InternalServerError,
                $"server: the request failed on our side and nothing more is said here; operators find it in the server log under trace id {context.TraceIdentifier}. Retry later; an upload that got this answer may or may not have been stored, and sending it again is safe."),
        });
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status405MethodNotAllowed => ApiProblem.WriteAsync(context.HttpContext, StatusCodes.Status405MethodNotAllowed,
                $"method: {context.HttpContext.Request.Method} is not allowed here; allowed: {Allowed(context.HttpContext)}."),
            StatusCodes.Status404NotFound => ApiProblem.WriteAsync(context.HttpContext, StatusCodes.Status404NotFound,
                "path: no such endpoint; the API is POST /audience, GET /audience/sessions/{sessionId}, /health/live, /health/ready and /openapi/v1.json."),
            var status => ApiProblem.WriteAsync(context.HttpContext, status, "request: the server could not answer this request."),
        });
        return app;
    }

    private static string Allowed(HttpContext context)
    {
        var allow = context.Response.Headers.Allow.ToString();
        return allow.Length > 0 ? allow : "see the API description at /openapi/v1.json";
    }
}

using System.Text.Json;

namespace AudienceRelay.Server.Errors;

/// <summary>
/// The one error shape of the API: <c>application/problem+json</c> that also carries the seed's
/// <c>"success": false</c> and an <c>errors</c> list of messages that name the offending field.
/// </summary>
internal static class ApiProblem
{
    public static IResult Create(int status, IEnumerable<string> errors, IReadOnlyList<Uploads.InstanceResult>? results = null)
    {
        var body = new ProblemBody
        {
            Success = false,
            Errors = errors.ToList(),
            Title = Title(status),
            Status = status,
            Results = results,
        };
        return Results.Json(body, ApiJsonContext.Default.ProblemBody, "application/problem+json", status);
    }

    public static IResult Create(int status, string error) => Create(status, [error]);

    public static Task WriteAsync(HttpContext context, int status, string error)
    {
        var body = new ProblemBody { Success = false, Errors = [error], Title = Title(status), Status = status };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ApiJsonContext.Default.ProblemBody, context.RequestAborted);
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is not valid.",
        401 => "A valid API key is required.",
        404 => "Not found.",
        405 => "The method is not allowed.",
        408 => "The request body arrived too slowly.",
        409 => "The request conflicts with what was stored before.",
        413 => "The request is too large.",
        415 => "The content type is not supported.",
        500 => "The server failed.",
        503 => "The service is not available now.",
        _ => "The request failed.",
    };
}

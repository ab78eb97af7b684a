namespace AudienceRelay.Server;

/// <summary>
/// Serves the API's OpenAPI document at <c>/openapi/v1.json</c>. The document is written by hand
/// (embedded <c>openapi.json</c>) because the upload endpoint reads its multipart body as a stream,
/// which generated documents cannot describe field by field.
/// </summary>
internal static class OpenApiEndpoints
{
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/openapi/v1.json", () =>
        {
            var stream = typeof(OpenApiEndpoints).Assembly.GetManifestResourceStream("AudienceRelay.Server.OpenApi.openapi.json")
                ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
            return Results.Stream(stream, "application/json");
        });
        return routes;
    }
}

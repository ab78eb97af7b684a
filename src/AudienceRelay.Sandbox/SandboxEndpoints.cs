using AudienceRelay.Server.Auth;

namespace AudienceRelay.Sandbox;

/// <summary><c>GET /sandbox/platforms</c> (sandbox only): what each emulated platform now holds.</summary>
internal static class SandboxEndpoints
{
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sandbox/platforms", (SandboxEmulators sandbox, int? sample) =>
        {
            var host = sandbox.Host;
            if (host is null)
            {
                return Results.Problem("The emulators are not running.", statusCode: 503);
            }

            var platforms = host.Emulators.ToDictionary(e => e.Name, e => e.Snapshot(Math.Clamp(sample ?? 5, 0, 100)));
            return Results.Json(new { sandbox = true, emulators = host.BaseUri.ToString(), platforms });
        }).AddEndpointFilter<ApiKeyFilter>();
        return routes;
    }
}

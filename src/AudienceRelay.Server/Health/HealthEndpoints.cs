using AudienceRelay.Server.Delivery;
using AudienceRelay.Store;

namespace AudienceRelay.Server.Health;

/// <summary>
/// <c>/health/live</c>: the process serves. <c>/health/ready</c>: the store answers; it also says when
/// no provider is configured, since uploads then have nowhere to go.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Json(new ReadinessAnswer { Status = "live" }, ApiJsonContext.Default.ReadinessAnswer));
        routes.MapGet("/health/ready", ReadyAsync);
        return routes;
    }

    private static async Task<IResult> ReadyAsync(IAudienceStore store, ProviderRegistry providers, CancellationToken cancellationToken)
    {
        bool storeOk;
        try
        {
            storeOk = await store.PingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            storeOk = false;
        }

        var answer = new ReadinessAnswer
        {
            Status = storeOk ? "ready" : "unavailable",
            Store = storeOk ? "ok" : "unreachable",
            Providers = providers.Instances,
            Warning = providers.Instances.Count == 0 ? "No provider is configured: uploads are stored but have nowhere to go." : null,
        };
        return Results.Json(answer, ApiJsonContext.Default.ReadinessAnswer, statusCode: storeOk ? 200 : 503);
    }
}

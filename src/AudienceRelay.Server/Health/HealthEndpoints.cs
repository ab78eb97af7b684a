using AudienceRelay.Server.Delivery;
using AudienceRelay.Store;

namespace AudienceRelay.Server.Health;

/// <summary>
/// <c>/health/live</c>: the process serves. <c>/health/ready</c>: the store answers and at least one
/// provider instance is configured; without one, uploads are refused (503), so the node is not ready.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Json(new ReadinessAnswer { Status = "live" }, ApiJsonContext.Default.ReadinessAnswer));
        routes.MapGet("/health/ready", ReadyAsync);
        return routes;
    }

    private static async Task<IResult> ReadyAsync(IStoreLifecycle store, ProviderRegistry providers, CancellationToken cancellationToken)
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

        var hasProviders = providers.Instances.Count > 0;
        var ready = storeOk && hasProviders;
        var answer = new ReadinessAnswer
        {
            Status = ready ? "ready" : "unavailable",
            Store = storeOk ? "ok" : "unreachable",
            Providers = providers.Instances,
            Warning = hasProviders ? null : "No provider instance is configured (Providers__<instance>__Type): uploads are refused with 503 because they would have nowhere to go.",
        };
        return Results.Json(answer, ApiJsonContext.Default.ReadinessAnswer, statusCode: ready ? 200 : 503);
    }
}

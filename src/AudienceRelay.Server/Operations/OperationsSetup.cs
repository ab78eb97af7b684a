using AudienceRelay.Store;
using AudienceRelay.Store.Operations;

namespace AudienceRelay.Server.Operations;

/// <summary>Registers and maps the admin API (<c>/ops/api</c>) and the operations page (<c>/ops</c>).</summary>
internal static class OperationsSetup
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        // Both engines implement the operations next to the queue, on the same connection settings.
        services.AddSingleton(sp => (IOperationsStore)sp.GetRequiredService<IAudienceStore>());
        services.AddSingleton<OperatorKeys>();
        services.AddSingleton<OperatorActions>();
        services.AddSingleton<OpsForms>();
        return services;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder routes)
    {
        routes.MapOperationsApi();
        routes.MapOperationsPage();
        return routes;
    }
}

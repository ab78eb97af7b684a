
namespace AudienceRelay.Server.Operations;

/// <summary>Registers and maps the admin API (<c>/ops/api</c>) and the operations page (<c>/ops</c>).</summary>
internal static class OperationsSetup
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        // IOperationsStore is registered with the store (Configuration/StoreSetup.cs), from the engine's own type.
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

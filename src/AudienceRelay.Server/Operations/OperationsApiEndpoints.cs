using AudienceRelay.Server.Errors;
using AudienceRelay.Store.Operations;

namespace AudienceRelay.Server.Operations;

/// <summary>
/// The admin API under <c>/ops/api</c>, with <c>Authorization: Bearer &lt;key&gt;</c> like the rest of the
/// API: list sessions, see instance queues, retry a delivery or a session now, cancel a session.
/// </summary>
internal static class OperationsApiEndpoints
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/ops/api").AddEndpointFilter(RequireKeyAsync);
        api.MapGet("/sessions", ListSessionsAsync);
        api.MapGet("/instances", ListInstancesAsync);
        api.MapPost("/deliveries/{deliveryId}/retry", (string deliveryId, HttpContext context, OperatorActions actions, CancellationToken ct) =>
            RunAsync(deliveryId, "deliveryId", "retry_delivery", context, (id, key) => actions.RetryDeliveryAsync(id, key, ct)));
        api.MapPost("/sessions/{sessionId}/retry", (string sessionId, HttpContext context, OperatorActions actions, CancellationToken ct) =>
            RunAsync(sessionId, "sessionId", "retry_session", context, (id, key) => actions.RetrySessionAsync(id, key, ct)));
        api.MapPost("/sessions/{sessionId}/cancel", (string sessionId, HttpContext context, OperatorActions actions, CancellationToken ct) =>
            RunAsync(sessionId, "sessionId", "cancel_session", context, (id, key) => actions.CancelSessionAsync(id, key, ct)));
        return routes;
    }

    private static async ValueTask<object?> RequireKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.RequestServices.GetRequiredService<OperatorKeys>().FromBearer(http) is { } name)
        {
            http.Items[typeof(OperatorKeys)] = name;
            return await next(context);
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Create(StatusCodes.Status401Unauthorized, "Authorization: send a valid API key as 'Authorization: Bearer <key>'.");
    }

    private static async Task<IResult> ListSessionsAsync(HttpContext context, IOperationsStore store, CancellationToken cancellationToken)
    {
        var (filter, errors) = SessionQuery.Parse(context.Request.Query);
        return filter is null
            ? ApiProblem.Create(StatusCodes.Status400BadRequest, errors)
            : Results.Json(new SessionListAnswer(true, await store.ListSessionsAsync(filter, cancellationToken)), OperationsJsonContext.Default.SessionListAnswer);
    }

    private static async Task<IResult> ListInstancesAsync(IOperationsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return Results.Json(new InstancesAnswer(true, await store.ReadQueuesAsync(now, now.AddHours(-1), cancellationToken)), OperationsJsonContext.Default.InstancesAnswer);
    }

    private static async Task<IResult> RunAsync(string idText, string field, string action, HttpContext context, Func<long, string, Task<ActionOutcome>> run)
    {
        if (!long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return ApiProblem.Create(StatusCodes.Status400BadRequest, $"{field}: must be a non-negative integer.");
        }

        var outcome = await run(id, (string)context.Items[typeof(OperatorKeys)]!);
        return outcome.Status switch
        {
            ActionStatus.Done => Results.Json(new ActionAnswer(true, action, outcome.Affected), OperationsJsonContext.Default.ActionAnswer),
            ActionStatus.NotFound => ApiProblem.Create(StatusCodes.Status404NotFound, outcome.Reason!),
            _ => ApiProblem.Create(StatusCodes.Status409Conflict, outcome.Reason!),
        };
    }
}

using AudienceRelay.Server.Auth;
using AudienceRelay.Server.Errors;
using AudienceRelay.Store;
using AudienceRelay.Store.Operations;

namespace AudienceRelay.Server.Sessions;

/// <summary><c>GET /audience/sessions/{sessionId}</c>: every batch of a session and each instance's delivery of it.</summary>
internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/audience/sessions/{sessionId}", GetAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("GetSession");
        return routes;
    }

    private static async Task<IResult> GetAsync(string sessionId, IStatusStore store, IOperationsStore operations, CancellationToken cancellationToken)
    {
        if (!long.TryParse(sessionId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return ApiProblem.Create(StatusCodes.Status400BadRequest, "sessionId: must be a non-negative integer.");
        }

        var session = await store.GetSessionAsync(id, cancellationToken);
        return session is null
            ? ApiProblem.Create(StatusCodes.Status404NotFound, $"sessionId: no session {id} has been received.")
            : Results.Json(SessionStatus.From(session, await operations.ListActionsAsync(id, cancellationToken)), ApiJsonContext.Default.SessionStatus);
    }
}

using System.Globalization;
using AudienceRelay.Server.Sessions;
using AudienceRelay.Store;
using AudienceRelay.Store.Operations;
using static AudienceRelay.Server.Operations.OpsHtml;

namespace AudienceRelay.Server.Operations;

/// <summary>
/// <c>/ops</c>: the operations page, server-rendered HTML with plain forms. With API keys configured it asks
/// for one and keeps it in an HttpOnly, SameSite=Strict cookie scoped to <c>/ops</c>; without keys the server
/// is loopback-only and so is the page. Actions are POST forms with a CSRF token, answered by a redirect.
/// </summary>
internal static class OpsPageEndpoints
{
    public static IEndpointRouteBuilder MapOperationsPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ops", DashboardAsync);
        routes.MapPost("/ops/login", LoginAsync);
        routes.MapPost("/ops/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(OperatorKeys.CookieName, new CookieOptions { Path = "/ops" });
            return Results.Redirect("/ops", preserveMethod: false);
        });
        routes.MapGet("/ops/sessions/{sessionId:long}", (long sessionId, HttpContext context, IAudienceStore store, IOperationsStore operations, OperatorKeys keys, OpsForms forms, CancellationToken ct) =>
            keys.FromCookie(context) is null ? Task.FromResult(Login(null)) : SessionAsync(sessionId, context, store, operations, forms, null, 200, ct));
        routes.MapPost("/ops/deliveries/{deliveryId:long}/retry", (long deliveryId, long? session, HttpContext context, OperatorActions actions, CancellationToken ct) =>
            ActAsync(context, session, "retry_delivery", key => actions.RetryDeliveryAsync(deliveryId, key, ct), ct));
        routes.MapPost("/ops/sessions/{sessionId:long}/retry", (long sessionId, HttpContext context, OperatorActions actions, CancellationToken ct) =>
            ActAsync(context, sessionId, "retry_session", key => actions.RetrySessionAsync(sessionId, key, ct), ct));
        routes.MapPost("/ops/sessions/{sessionId:long}/cancel", (long sessionId, HttpContext context, OperatorActions actions, CancellationToken ct) =>
            ActAsync(context, sessionId, "cancel_session", key => actions.CancelSessionAsync(sessionId, key, ct), ct));
        return routes;
    }

    private static async Task<IResult> DashboardAsync(HttpContext context, IOperationsStore operations, OperatorKeys keys, OpsForms forms, TimeProvider time, CancellationToken ct)
    {
        if (keys.FromCookie(context) is null)
        {
            return Login(null);
        }

        var (filter, errors) = SessionQuery.Parse(context.Request.Query);
        var now = time.GetUtcNow();
        var queues = await operations.ReadQueuesAsync(now, now.AddHours(-1), ct);
        var sessions = filter is null ? [] : await operations.ListSessionsAsync(filter, ct);
        var sections = context.RequestServices.GetServices<IOpsPageSection>().Select(s => s.Render()).OfType<string>().ToList();
        var sandbox = sections.Count == 0 ? null : string.Concat(sections);
        var body = OpsDashboard.Render(queues, sessions, context.Request.Query, now, sandbox, errors.Count > 0 ? string.Join(" ", errors) : null);
        return Page("Operations", body, forms.TokenFor(context), errors.Count > 0 ? 400 : 200);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, OperatorKeys keys)
    {
        if (!OpsForms.SameOrigin(context) || !context.Request.HasFormContentType)
        {
            return Page("Log in", "<p class=\"notice bad\">This form must be sent from the operations page itself.</p>", null, 403);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var key = form["key"].ToString().Trim();
        if (keys.Required && (key.Length == 0 || keys.NameOf(key) is null))
        {
            return Login("That is not one of the configured API keys.", 401);
        }

        if (keys.Required)
        {
            context.Response.Cookies.Append(OperatorKeys.CookieName, key, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/ops",
            });
        }

        return Results.Redirect("/ops", preserveMethod: false);
    }

    private static async Task<IResult> ActAsync(HttpContext context, long? sessionId, string action, Func<string, Task<ActionOutcome>> run, CancellationToken ct)
    {
        var services = context.RequestServices;
        var forms = services.GetRequiredService<OpsForms>();
        if (services.GetRequiredService<OperatorKeys>().FromCookie(context) is not { } keyName)
        {
            return Login("Log in again to take actions.", 401);
        }

        if (!await forms.IsGenuineAsync(context))
        {
            return Page("Refused", "<p class=\"notice bad\">The form was not sent from this page (missing or wrong token, or another origin). Reload the page and try again.</p>", forms.TokenFor(context), 403);
        }

        var outcome = await run(keyName);
        if (outcome.Status == ActionStatus.Done && sessionId is { } id)
        {
            return Results.Redirect($"/ops/sessions/{id}?done={action}&affected={outcome.Affected.ToString(CultureInfo.InvariantCulture)}", preserveMethod: false);
        }

        if (sessionId is not { } shown)
        {
            return Results.Redirect("/ops", preserveMethod: false);
        }

        var status = outcome.Status == ActionStatus.NotFound ? 404 : 409;
        return await SessionAsync(shown, context, services.GetRequiredService<IAudienceStore>(), services.GetRequiredService<IOperationsStore>(), forms, outcome.Reason, status, ct);
    }

    private static async Task<IResult> SessionAsync(long sessionId, HttpContext context, IAudienceStore store, IOperationsStore operations, OpsForms forms, string? refusal, int status, CancellationToken ct)
    {
        var session = await store.GetSessionAsync(sessionId, ct);
        if (session is null)
        {
            return Page("Not found", $"<p class=\"notice bad\">No session {sessionId} has been received.</p>", forms.TokenFor(context), 404);
        }

        var query = context.Request.Query;
        var done = query["done"].ToString() is { Length: > 0 } word && int.TryParse(query["affected"], CultureInfo.InvariantCulture, out var affected)
            ? $"Done: {word.Replace('_', ' ')}, {affected} {(affected == 1 ? "delivery" : "deliveries")} changed."
            : null;
        var view = SessionStatus.From(session, await operations.ListActionsAsync(sessionId, ct));
        var body = OpsSessionView.Render(view, forms.TokenFor(context), refusal ?? done, refusal is not null);
        return Page($"Session {sessionId}", body, forms.TokenFor(context), status);
    }

    private static IResult Login(string? problem, int status = 200) => Page("Log in", $"""
        <h2>Log in</h2>
        {(problem is null ? string.Empty : $"<p class=\"notice bad\">{E(problem)}</p>")}
        <form method="post" action="/ops/login">
          <label>API key <input type="password" name="key" autocomplete="current-password" size="40" autofocus></label>
          <button type="submit">Log in</button>
        </form>
        <p class="dim">One of the server's Auth__ApiKeys__N. It is kept in an HttpOnly cookie for this page only.</p>
        """, null, status);
}

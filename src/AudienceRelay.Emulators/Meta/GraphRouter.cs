using System.Text.RegularExpressions;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// The single entry point for <c>/meta/{version}/...</c>: faults first, then the version segment, the body, the
/// token, and the object the path names (an ad account <c>act_{digits}</c> or an audience id) before the edge.
/// An id that does not exist and one the token may not see get the same 100/33 answer, as on Graph.
/// </summary>
internal sealed partial class GraphRouter(MetaStore store, FaultInjector faults)
{
    public async Task HandleAsync(HttpContext context)
    {
        var segments = ((context.Request.RouteValues["path"] as string) ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var usageKey = UsageKeyFor(segments);
        var dropped = false;
        try
        {
            // A drop is noted before the abort: the client sees the reset at once, and a test that
            // then reads the request log must find it there.
            var faulted = await faults.AnswerAsync(context, (c, fault) => FaultAnswers.WriteAsync(c, fault, usageKey), () =>
            {
                dropped = true;
                store.Record(new MetaRequestRecord(context.Request.Method, context.Request.Path.Value ?? string.Empty, 0, null));
            });
            if (faulted)
            {
                return;
            }

            await DispatchAsync(context, segments, usageKey);
        }
        finally
        {
            if (!dropped)
            {
                store.Record(new MetaRequestRecord(
                    context.Request.Method,
                    context.Request.Path.Value ?? string.Empty,
                    context.Response.StatusCode,
                    context.Items.TryGetValue(GraphResponder.ErrorCodeItem, out var code) ? code as int? : null));
            }
        }
    }

    [GeneratedRegex(@"^v\d+\.\d+$")]
    private static partial Regex Version();

    [GeneratedRegex(@"^act_\d+$")]
    private static partial Regex AdAccount();

    private async Task DispatchAsync(HttpContext context, string[] segments, string? usageKey)
    {
        if (segments.Length < 2 || !Version().IsMatch(segments[0]))
        {
            await GraphResponder.WriteErrorAsync(context, GraphError.UnknownPath(string.Join('/', segments)), usageKey);
            return;
        }

        var (request, readError) = await GraphRequest.ReadAsync(context, segments[1..], context.RequestAborted);
        if (readError is not null)
        {
            await GraphResponder.WriteErrorAsync(context, readError, usageKey);
            return;
        }

        using (request)
        {
            var call = new GraphCall(request!, store, usageKey);
            var (route, error) = Resolve(request!);
            await (error is not null ? call.FailAsync(error) : route!(call));
        }
    }

    /// <summary>Authenticates and picks the endpoint, all under one lock so the checks see one state.</summary>
    private (Func<GraphCall, Task>? Route, GraphError? Error) Resolve(GraphRequest request)
    {
        var path = request.Segments;
        var method = request.Method;
        var target = path[0];
        lock (store.Gate)
        {
            var (accounts, authError) = GraphAuth.Authenticate(request, store);
            if (authError is not null)
            {
                return (null, authError);
            }

            if (target.StartsWith("act_", StringComparison.Ordinal))
            {
                var accountId = target[4..];
                if (!AdAccount().IsMatch(target) || !store.HasAdAccount(accountId))
                {
                    return (null, GraphError.UnsupportedRequest(method, target));
                }

                if (!accounts!.Contains(accountId))
                {
                    return (null, GraphError.NoAdAccountPermission());
                }

                return (path.Count, path.Count > 1 ? path[1] : null, method) switch
                {
                    (2, "customaudiences", "GET") => (call => AudienceEndpoints.ListAsync(call, accountId), null),
                    (2, "customaudiences", "POST") => (call => AudienceEndpoints.CreateAsync(call, accountId), null),
                    (2, "customaudiences", _) or (1, _, _) => (null, GraphError.UnsupportedRequest(method, target)),
                    _ => (null, GraphError.UnknownPath(string.Join('/', path.Skip(1)))),
                };
            }

            var audience = store.FindAudience(target);
            if (audience is null || !accounts!.Contains(audience.AdAccountId))
            {
                return (null, GraphError.UnsupportedRequest(method, target));
            }

            var edge = path.Count > 1 ? path[1] : string.Empty;
            if (path.Count > 2)
            {
                return (null, GraphError.UnknownPath(string.Join('/', path.Skip(2))));
            }

            // Right after creation Meta may not yet resolve the new audience's users edge; a later retry works.
            if (audience.AliasPending && edge is "users" or "usersreplace")
            {
                audience.AliasPending = false;
                return (null, GraphError.AliasNotReady());
            }

            var id = audience.Id;
            return (edge, method) switch
            {
                ("", "GET") => (call => AudienceEndpoints.ReadAsync(call, id), null),
                ("", "DELETE") => (call => AudienceEndpoints.DeleteAsync(call, id), null),
                ("users", "POST") => (call => UserEndpoints.UploadAsync(call, id, SessionKind.Add), null),
                ("users", "DELETE") => (call => UserEndpoints.UploadAsync(call, id, SessionKind.Remove), null),
                ("usersreplace", "POST") => (call => UserEndpoints.UploadAsync(call, id, SessionKind.Replace), null),
                ("sessions", "GET") => (call => UserEndpoints.SessionsAsync(call, id), null),
                ("" or "users" or "usersreplace" or "sessions", _) => (null, GraphError.UnsupportedRequest(method, target)),
                _ => (null, GraphError.UnknownPath(edge)),
            };
        }
    }

    private string? UsageKeyFor(string[] segments)
    {
        if (segments.Length < 2)
        {
            return null;
        }

        if (segments[1].StartsWith("act_", StringComparison.Ordinal))
        {
            return segments[1][4..];
        }

        lock (store.Gate)
        {
            return store.FindAudience(segments[1])?.AdAccountId;
        }
    }
}

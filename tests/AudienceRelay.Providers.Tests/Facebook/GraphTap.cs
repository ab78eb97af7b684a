using System.Text.Json;

namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>
/// Sits between the provider and the emulator: records every request (method, path, query, body, auth header) and
/// breaks chosen requests at the transport level, either before they leave (the platform never sees them) or after
/// the platform answered (the answer is lost, as when a connection drops on the way back).
/// </summary>
internal sealed class GraphTap : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<TappedRequest> _requests = [];
    private readonly List<(string PathContains, int Skip, bool AfterSend)> _breaks = [];

    public GraphTap()
        : base(new SocketsHttpHandler())
    {
    }

    public IReadOnlyList<TappedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The session objects of the upload requests that reached the platform, in order.</summary>
    public IReadOnlyList<(long SessionId, long BatchSeq, bool Last)> Sessions(string edge = "/users") =>
        [.. Requests.Where(r => r.Reached && r.Path.EndsWith(edge, StringComparison.Ordinal) && r.Body is not null).Select(r =>
        {
            using var body = JsonDocument.Parse(r.Body!);
            var session = body.RootElement.GetProperty("session");
            return (session.GetProperty("session_id").GetInt64(), session.GetProperty("batch_seq").GetInt64(), session.GetProperty("last_batch_flag").GetBoolean());
        })];

    /// <summary>Breaks the request after <paramref name="skip"/> matching ones have passed.</summary>
    public void Break(string pathContains, int skip, bool afterSend)
    {
        lock (_gate)
        {
            _breaks.Add((pathContains, skip, afterSend));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        bool? afterSend = null;
        lock (_gate)
        {
            var index = _breaks.FindIndex(b => path.Contains(b.PathContains, StringComparison.Ordinal));
            if (index >= 0)
            {
                var rule = _breaks[index];
                if (rule.Skip > 0)
                {
                    _breaks[index] = rule with { Skip = rule.Skip - 1 };
                }
                else
                {
                    _breaks.RemoveAt(index);
                    afterSend = rule.AfterSend;
                }
            }

            _requests.Add(new TappedRequest(request.Method.Method, path, request.RequestUri.Query, body, request.Headers.Authorization?.ToString(), Reached: afterSend != false));
        }

        if (afterSend == false)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "tap: connection refused before sending");
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (afterSend == true)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "tap: connection dropped before the answer arrived");
        }

        return response;
    }
}

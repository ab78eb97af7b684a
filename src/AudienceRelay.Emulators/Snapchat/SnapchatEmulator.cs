using System.Globalization;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Snapchat;

/// <summary>
/// A strict, stateful stand-in for Snap's Marketing API audience segments and its OAuth token endpoint, written from
/// Snap's documentation (providers.md §5). Mounted at <c>/snapchat</c>: a client's BaseUrl is
/// <c>http://host:port/snapchat</c> (calls go to <c>{BaseUrl}/v1/...</c>) and its TokenUrl is
/// <c>http://host:port/snapchat/login/oauth2/access_token</c>.
/// </summary>
public sealed class SnapchatEmulator : IPlatformEmulator
{
    public const string TokenPath = "login/oauth2/access_token";

    private readonly SnapchatState _state;
    private readonly SnapchatSegmentEndpoints _segments;
    private readonly SnapchatUsersEndpoint _users;

    public SnapchatEmulator(SnapchatEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new SnapchatEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxIdentifiersPerRequest, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.PageSize, 1);
        _state = new SnapchatState(timeProvider ?? TimeProvider.System, Options.TokenLifetime);
        _segments = new SnapchatSegmentEndpoints(_state, Options);
        _users = new SnapchatUsersEndpoint(_state, Options);
        _state.AddAccount(Options.SandboxAdAccountId, Options.SandboxClientId, Options.SandboxClientSecret, Options.SandboxRefreshToken);
    }

    public string Name => "snapchat";

    public FaultInjector Faults { get; } = new();

    public SnapchatEmulatorOptions Options { get; }

    /// <summary>Access tokens issued so far (each one a refresh).</summary>
    public int TokensIssued => _state.TokensIssued;

    /// <summary>Makes every access token issued so far expire now, as if their 30 minutes had passed.</summary>
    public void ExpireAccessTokens() => _state.ExpireTokens();

    /// <summary>Adds an ad account reachable by the OAuth app <paramref name="clientId"/> with this secret and refresh token.</summary>
    public void AddAdAccount(string adAccountId, string clientId, string clientSecret, string refreshToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(adAccountId);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        _state.AddAccount(adAccountId, clientId, clientSecret, refreshToken);
    }

    public IReadOnlyList<SnapchatSegmentView> Segments(string adAccountId) =>
        [.. _state.SegmentsOf(adAccountId).Select(s => new SnapchatSegmentView(s.Id, s.AdAccountId, s.Name, s.SourceType, s.RetentionInDays, s.MemberCount))];

    /// <summary>The hashed identifiers of <paramref name="schema"/> (e.g. <c>EMAIL_SHA256</c>) now in the segment.</summary>
    public IReadOnlySet<string> Members(string segmentId, string schema) => _state.Members(segmentId, schema);

    /// <summary>Every add and remove call taken, in order.</summary>
    public IReadOnlyList<SnapchatUsersCall> UsersCalls => _state.Calls();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(TokenPath, TokenAsync);
        Route(routes, HttpMethods.Get, "v1/adaccounts/{adAccountId}/segments", _segments.ListAsync);
        Route(routes, HttpMethods.Post, "v1/adaccounts/{adAccountId}/segments", _segments.CreateAsync);
        Route(routes, HttpMethods.Get, "v1/segments/{segmentId}", _segments.GetAsync);
        Route(routes, HttpMethods.Post, "v1/segments/{segmentId}/users", _users.HandleAsync);
        Route(routes, HttpMethods.Delete, "v1/segments/{segmentId}/users", _users.HandleAsync);
    }

    public object Snapshot(int sampleSize) => new
    {
        tokens_issued = _state.TokensIssued,
        segments = _state.AllSegments().Select(s => new
        {
            id = s.Id,
            ad_account_id = s.AdAccountId,
            name = s.Name,
            source_type = s.SourceType,
            retention_in_days = s.RetentionInDays,
            member_count = s.MemberCount,
            sample = s.Sample(Math.Max(0, sampleSize)).Select(m => new { schema = m.Schema, id = m.Id }).ToList(),
        }).ToList(),
    };

    /// <summary>Snap's refresh grant: form fields grant_type, client_id, client_secret, refresh_token; OAuth errors as <c>{"error": …}</c>.</summary>
    private async Task TokenAsync(HttpContext context)
    {
        if (await Faults.AnswerAsync(context, AnswerFaultAsync))
        {
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await SnapchatHttp.WriteAsync(context, StatusCodes.Status400BadRequest, new JsonObject { ["error"] = "invalid_request" });
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "refresh_token")
        {
            await SnapchatHttp.WriteAsync(context, StatusCodes.Status400BadRequest, new JsonObject { ["error"] = "unsupported_grant_type" });
            return;
        }

        var (token, error) = _state.Issue(form["client_id"].ToString(), form["client_secret"].ToString(), form["refresh_token"].ToString());
        if (token is null)
        {
            var status = error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
            await SnapchatHttp.WriteAsync(context, status, new JsonObject { ["error"] = error });
            return;
        }

        await SnapchatHttp.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)Options.TokenLifetime.TotalSeconds,
            ["refresh_token"] = form["refresh_token"].ToString(),
            ["scope"] = "snapchat-marketing-api",
        });
    }

    private void Route(IEndpointRouteBuilder routes, string method, string pattern, Func<HttpContext, string, Task> handler) =>
        routes.MapMethods(pattern, [method], async context =>
        {
            if (await Faults.AnswerAsync(context, AnswerFaultAsync))
            {
                return;
            }

            var header = context.Request.Headers.Authorization.ToString();
            var app = header.StartsWith("Bearer ", StringComparison.Ordinal) ? _state.AppOf(header["Bearer ".Length..]) : null;
            if (app is null)
            {
                await SnapchatHttp.ErrorAsync(context, StatusCodes.Status401Unauthorized, "E3001", header.Length == 0 ? "Authorization header is missing" : "Access token is invalid or has expired");
                return;
            }

            await handler(context, app);
        });

    /// <summary>Turns a queued fault into Snap's answer (<see cref="FaultInjector.AnswerAsync"/> has applied slow and dropped requests).</summary>
    private static async Task AnswerFaultAsync(HttpContext context, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                fault.WriteRetryAfter(context.Response);
                await SnapchatHttp.ErrorAsync(context, StatusCodes.Status429TooManyRequests, null, fault.Message ?? "Too many requests");
                return;
            case FaultKind.ServerError:
                await SnapchatHttp.ErrorAsync(context, fault.StatusCode ?? StatusCodes.Status500InternalServerError, null, fault.Message ?? "Internal server error");
                return;
            default:
                var code = fault.Code is { } c ? "E" + c.ToString(CultureInfo.InvariantCulture) : "E1001";
                await SnapchatHttp.ErrorAsync(context, fault.StatusCode ?? StatusCodes.Status400BadRequest, code, fault.Message ?? "Injected error");
                return;
        }
    }
}

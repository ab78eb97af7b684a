using System.Globalization;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>
/// A strict, stateful stand-in for LinkedIn's Matched Audiences API (versioned <c>/rest</c> DMP segments and their
/// users) and its OAuth refresh endpoint, written from LinkedIn's documentation (providers.md §7,
/// docs/providers/linkedin.md). Mounted at <c>/linkedin</c>: a client's BaseUrl is <c>http://host:port/linkedin</c>
/// and its TokenUrl <c>http://host:port/linkedin/oauth/v2/accessToken</c>. Every <c>/rest</c> call needs a valid
/// bearer token, a served <c>LinkedIn-Version</c> and <c>X-Restli-Protocol-Version: 2.0.0</c>.
/// </summary>
public sealed class LinkedInEmulator : IPlatformEmulator
{
    private readonly LinkedInState _state;
    private readonly LinkedInSegmentEndpoints _segments;
    private readonly LinkedInUsersEndpoint _users;
    private readonly LinkedInOAuthEndpoint _oauth;

    public LinkedInEmulator(LinkedInEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new LinkedInEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxElements, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.UsersRequestsPerMinute, 1);
        _state = new LinkedInState(timeProvider ?? TimeProvider.System);
        _segments = new LinkedInSegmentEndpoints(_state, Options);
        _users = new LinkedInUsersEndpoint(_state, Options, _segments);
        _oauth = new LinkedInOAuthEndpoint(_state, Options);
        AddAccount(Options.SandboxAccountId, Options.SandboxAccessToken);
    }

    public string Name => "linkedin";

    public FaultInjector Faults { get; } = new();

    public LinkedInEmulatorOptions Options { get; }

    /// <summary>Access tokens minted by the OAuth endpoint so far.</summary>
    public int TokensIssued => _state.TokensIssued;

    /// <summary>Gives <paramref name="accessToken"/> (a fixed, non-expiring token) a role on the sponsored account.</summary>
    public void AddAccount(string accountId, string accessToken) => _state.Grant(accountId: accountId, token: accessToken, expires: DateTimeOffset.MaxValue);

    /// <summary>Lets <paramref name="clientId"/> mint tokens with <paramref name="refreshToken"/>, each with a role on <paramref name="accountId"/>.</summary>
    public void AddRefreshGrant(string clientId, string clientSecret, string refreshToken, string accountId) =>
        _state.AddRefreshGrant(clientId, clientSecret, refreshToken, [accountId]);

    /// <summary>Expires every access token now, so the next call with any of them answers 401.</summary>
    public void ExpireAccessTokens() => _state.ExpireAll();

    /// <summary>The account's DMP segments, oldest first.</summary>
    public IReadOnlyList<LinkedInSegmentView> Segments(string accountId) => _state.Segments(accountId);

    /// <summary>Every member the segment holds.</summary>
    public IReadOnlyList<LinkedInMemberView> Members(string segmentId) => _state.Members(long.Parse(segmentId, CultureInfo.InvariantCulture));

    /// <summary>The id values of <paramref name="idType"/> (e.g. <c>SHA256_EMAIL</c>) the segment holds.</summary>
    public IReadOnlySet<string> MemberIds(string segmentId, string idType) =>
        Members(segmentId).Where(m => m.IdType == idType).Select(m => m.IdValue).ToHashSet(StringComparer.Ordinal);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.Map("oauth/v2/accessToken", async context =>
        {
            if (!await Faults.AnswerAsync(context, AnswerFaultAsync))
            {
                await _oauth.HandleAsync(context);
            }
        });
        Route(routes, "rest/dmpSegments", HttpMethods.Get, (c, t) => _segments.FindAsync(c, t), HttpMethods.Post, (c, t) => _segments.CreateAsync(c, t));
        Route(routes, "rest/dmpSegments/{id:long}", HttpMethods.Get, (c, t) => _segments.GetAsync(c, t, Id(c)));
        Route(routes, "rest/dmpSegments/{id:long}/users", HttpMethods.Post, async (c, t) =>
        {
            var (allowed, secondsLeft) = _state.CountRequest(t, Options.UsersRequestsPerMinute);
            if (!allowed)
            {
                await LinkedInHttp.ErrorAsync(c, 429, 429, "Resource level throttle limit for calls to this resource is reached.", "TOO_MANY_REQUESTS", secondsLeft);
                return;
            }

            await _users.HandleAsync(c, t, Id(c));
        });
    }

    public object Snapshot(int sampleSize) => new
    {
        tokens_issued = _state.TokensIssued,
        segments = _state.Segments(accountId: null).Select(s => new
        {
            id = s.Id,
            account = s.AccountId,
            name = s.Name,
            source_segment_id = s.SourceSegmentId,
            type = s.Type,
            member_count = s.MemberCount,
            rejected_elements = s.RejectedElements,
            sample = _state.Members(long.Parse(s.Id, CultureInfo.InvariantCulture), Math.Max(0, sampleSize))
                .Select(m => new { id_type = m.IdType, id_value = m.IdType == "NAME" ? "(name only)" : m.IdValue, country = m.Country })
                .ToList(),
        }).ToList(),
    };

    private static long Id(HttpContext context) => long.Parse(Convert.ToString(context.Request.RouteValues["id"], CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);

    private void Route(
        IEndpointRouteBuilder routes, string pattern, string method, Func<HttpContext, string, Task> handler, string? otherMethod = null, Func<HttpContext, string, Task>? otherHandler = null) =>
        routes.Map(pattern, async context =>
        {
            var chosen = HttpMethods.Equals(context.Request.Method, method) ? handler
                : otherMethod is not null && HttpMethods.Equals(context.Request.Method, otherMethod) ? otherHandler
                : null;
            if (chosen is null)
            {
                await LinkedInHttp.ErrorAsync(context, 405, 405, $"{context.Request.Method} is not supported on this resource.", "METHOD_NOT_ALLOWED");
                return;
            }

            if (await Faults.AnswerAsync(context, AnswerFaultAsync) || await RefuseAsync(context) is not { } token)
            {
                return;
            }

            await chosen(context, token);
        });

    private void Route(IEndpointRouteBuilder routes, string pattern, string method, Func<HttpContext, string, Task> handler) =>
        Route(routes, pattern, method, handler, null, null);

    /// <summary>Checks what every versioned call needs; answers and returns null when something is missing, else the token.</summary>
    private async Task<string?> RefuseAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : string.Empty;
        if (token.Length == 0)
        {
            await LinkedInHttp.ErrorAsync(context, 401, 401, "Empty oauth2_access_token");
            return null;
        }

        switch (_state.Check(token))
        {
            case "expired":
                await LinkedInHttp.ErrorAsync(context, 401, 65601, "The token used in the request has expired", "EXPIRED_ACCESS_TOKEN");
                return null;
            case not null:
                await LinkedInHttp.ErrorAsync(context, 401, 65600, "Invalid access token", "INVALID_ACCESS_TOKEN");
                return null;
        }

        var version = context.Request.Headers["LinkedIn-Version"].ToString();
        if (version.Length == 0)
        {
            await LinkedInHttp.ErrorAsync(context, 400, 400, "A version must be present. Please specify a version by adding the LinkedIn-Version header.", "VERSION_MISSING");
            return null;
        }

        if (version.Length != 6 || !version.All(char.IsAsciiDigit) || string.CompareOrdinal(version, Options.NewestVersion) > 0
            || int.Parse(version.AsSpan(4), CultureInfo.InvariantCulture) is < 1 or > 12)
        {
            await LinkedInHttp.ErrorAsync(context, 426, 426, $"Requested version {version} is not active", "NONEXISTENT_VERSION");
            return null;
        }

        if (string.CompareOrdinal(version, Options.OldestVersion) < 0)
        {
            await LinkedInHttp.ErrorAsync(context, 426, 426, $"Version {version} has been sunset; use a version from {Options.OldestVersion} on", "VERSION_SUNSET");
            return null;
        }

        if (context.Request.Headers["X-Restli-Protocol-Version"].ToString() != "2.0.0")
        {
            await LinkedInHttp.BadRequestAsync(context, "All requests must use Rest.li protocol 2.0.0: send X-Restli-Protocol-Version: 2.0.0.");
            return null;
        }

        return token;
    }

    /// <summary>Turns a queued fault into LinkedIn's answer (<see cref="FaultInjector.AnswerAsync"/> has applied slow and dropped requests).</summary>
    private static async Task AnswerFaultAsync(HttpContext context, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                await LinkedInHttp.ErrorAsync(context, 429, fault.Code ?? 429, fault.Message ?? "Resource level throttle limit for calls to this resource is reached.", "TOO_MANY_REQUESTS", fault.RetryAfterSeconds);
                return;
            case FaultKind.ServerError:
                var status = fault.StatusCode ?? 500;
                await LinkedInHttp.ErrorAsync(context, status, fault.Code ?? status, fault.Message ?? "Internal Server Error", retryAfterSeconds: fault.RetryAfterSeconds);
                return;
            default:
                var errorStatus = fault.StatusCode ?? 400;
                await LinkedInHttp.ErrorAsync(context, errorStatus, fault.Code ?? errorStatus, fault.Message ?? "Injected error.");
                return;
        }
    }
}

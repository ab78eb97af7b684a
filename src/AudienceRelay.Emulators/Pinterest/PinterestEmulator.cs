using System.Text;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Pinterest;

/// <summary>
/// A strict, stateful stand-in for Pinterest API v5 customer lists, audiences and the OAuth token endpoint, written
/// from Pinterest's OpenAPI description (providers.md §6). Mounted at <c>/pinterest</c>: a client's BaseUrl is
/// <c>http://host:port/pinterest</c> (calls go to <c>{BaseUrl}/v5/...</c>) and its TokenUrl
/// <c>http://host:port/pinterest/v5/oauth/token</c>.
/// </summary>
public sealed class PinterestEmulator : IPlatformEmulator
{
    public const string TokenPath = "v5/oauth/token";

    private readonly PinterestState _state;
    private readonly PinterestListEndpoints _lists;
    private readonly PinterestAudienceEndpoints _audiences;

    public PinterestEmulator(PinterestEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new PinterestEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxRecordsPerCall, 1);
        _state = new PinterestState(timeProvider ?? TimeProvider.System, Options.TokenLifetime);
        _lists = new PinterestListEndpoints(_state, Options);
        _audiences = new PinterestAudienceEndpoints(_state, Options);
        AddAdAccount(Options.SandboxAdAccountId, Options.SandboxAccessToken);
        AddApp(Options.SandboxAdAccountId, Options.SandboxClientId, Options.SandboxClientSecret, Options.SandboxRefreshToken);
    }

    public string Name => "pinterest";

    public FaultInjector Faults { get; } = new();

    public PinterestEmulatorOptions Options { get; }

    public int TokensIssued => _state.TokensIssued;

    /// <summary>Adds an ad account reachable with a fixed access token.</summary>
    public void AddAdAccount(string adAccountId, string accessToken) => _state.AddToken(adAccountId, accessToken);

    /// <summary>Lets the OAuth app <paramref name="clientId"/> refresh tokens for the ad account with <paramref name="refreshToken"/>.</summary>
    public void AddApp(string adAccountId, string clientId, string clientSecret, string refreshToken) => _state.AddApp(adAccountId, clientId, clientSecret, refreshToken);

    /// <summary>Makes every refreshed access token expire now (fixed tokens stay valid).</summary>
    public void ExpireAccessTokens() => _state.ExpireIssuedTokens();

    public IReadOnlyList<(string Id, string Name, int MemberCount)> CustomerLists(string adAccountId) =>
        [.. _state.Lists(adAccountId).Select(l => (l.Id, l.Name, _state.Locked(() => l.MemberCount)))];

    public IReadOnlySet<string> Members(string adAccountId, string listId) =>
        _state.FindList(adAccountId, listId) is { } list ? _state.Locked(() => list.Members) : new HashSet<string>();

    public IReadOnlyList<PinterestAudienceView> Audiences(string adAccountId) => _state.Audiences(adAccountId);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(TokenPath, TokenAsync);
        Route(routes, HttpMethods.Get, "v5/ad_accounts/{adAccountId}/customer_lists", _lists.ListListsAsync);
        Route(routes, HttpMethods.Post, "v5/ad_accounts/{adAccountId}/customer_lists", _lists.CreateListAsync);
        Route(routes, HttpMethods.Get, "v5/ad_accounts/{adAccountId}/customer_lists/{listId}", _lists.GetListAsync);
        Route(routes, HttpMethods.Patch, "v5/ad_accounts/{adAccountId}/customer_lists/{listId}", _lists.UpdateListAsync);
        Route(routes, HttpMethods.Get, "v5/ad_accounts/{adAccountId}/audiences", _audiences.ListAudiencesAsync);
        Route(routes, HttpMethods.Post, "v5/ad_accounts/{adAccountId}/audiences", _audiences.CreateAudienceAsync);
    }

    public object Snapshot(int sampleSize) => new
    {
        tokens_issued = _state.TokensIssued,
        customer_lists = _state.AllLists().Select(l => _state.Locked(() => new
        {
            id = l.Id,
            ad_account_id = l.AdAccountId,
            name = l.Name,
            member_count = l.MemberCount,
            status = l.MemberCount < Options.MinimumListSize ? "TOO_SMALL" : "READY",
            sample = l.Members.Take(Math.Max(0, sampleSize)).ToList(),
        })).ToList(),
        audiences = _state.AllLists().SelectMany(l => _state.Audiences(l.AdAccountId)).Distinct().ToList(),
    };

    /// <summary>POST /v5/oauth/token: HTTP Basic client credentials, form grant_type=refresh_token and refresh_token.</summary>
    private async Task TokenAsync(HttpContext context)
    {
        if (await Faults.AnswerAsync(context, AnswerFaultAsync))
        {
            return;
        }

        var (clientId, secret) = BasicCredentials(context.Request.Headers.Authorization.ToString());
        if (clientId is null)
        {
            await PinterestHttp.WriteAsync(context, StatusCodes.Status401Unauthorized, new JsonObject { ["error"] = "invalid_client" });
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (form is null || form["grant_type"] != "refresh_token")
        {
            await PinterestHttp.WriteAsync(context, StatusCodes.Status400BadRequest, new JsonObject { ["error"] = "unsupported_grant_type" });
            return;
        }

        var (token, error) = _state.Issue(clientId, secret!, form["refresh_token"].ToString());
        if (token is null)
        {
            await PinterestHttp.WriteAsync(context, error == "invalid_client" ? 401 : 400, new JsonObject { ["error"] = error });
            return;
        }

        await PinterestHttp.OkAsync(context, new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "bearer",
            ["expires_in"] = (long)Options.TokenLifetime.TotalSeconds,
            ["scope"] = "ads:read,ads:write",
            ["response_type"] = "refresh_token",
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
            var accounts = header.StartsWith("Bearer ", StringComparison.Ordinal) ? _state.AccountsOf(header["Bearer ".Length..]) : null;
            var account = (string)context.GetRouteValue("adAccountId")!;
            if (accounts is null)
            {
                await PinterestHttp.ErrorAsync(context, StatusCodes.Status401Unauthorized, PinterestHttp.AuthenticationFailed, "Authentication failed.");
            }
            else if (!accounts.Contains(account))
            {
                var status = _state.AccountExists(account) ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
                await PinterestHttp.ErrorAsync(context, status, status == 403 ? PinterestHttp.NotAuthorized : PinterestHttp.NotFound, status == 403 ? "Not authorized to access this ad account." : "Ad account not found.");
            }
            else
            {
                await handler(context, account);
            }
        });

    private static (string? ClientId, string? Secret) BasicCredentials(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return (null, null);
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? (pair[..colon], pair[(colon + 1)..]) : (null, null);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static async Task AnswerFaultAsync(HttpContext context, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                fault.WriteRetryAfter(context.Response);
                await PinterestHttp.ErrorAsync(context, StatusCodes.Status429TooManyRequests, PinterestHttp.RateLimited, fault.Message ?? "You have exceeded your rate limit. Try again later.");
                return;
            case FaultKind.ServerError:
                await PinterestHttp.ErrorAsync(context, fault.StatusCode ?? StatusCodes.Status500InternalServerError, 0, fault.Message ?? "Internal error.");
                return;
            default:
                await PinterestHttp.ErrorAsync(context, fault.StatusCode ?? StatusCodes.Status400BadRequest, fault.Code ?? PinterestHttp.InvalidParameters, fault.Message ?? "Injected error.");
                return;
        }
    }
}

using System.Text.RegularExpressions;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Google;

/// <summary>
/// A strict, stateful stand-in for the Google Ads API's Customer Match surface, written from Google's documentation
/// (providers.md §4). Mounted at <c>/google</c>: the REST root is <c>{BaseUrl}/{version}/customers/{id}/…</c> and the OAuth
/// token endpoint is <c>{BaseUrl}/token</c>. Every API call needs a live access token, a known <c>developer-token</c> and,
/// for a client account reached through a manager, that manager's id in <c>login-customer-id</c>.
/// </summary>
public sealed partial class GoogleEmulator : IPlatformEmulator
{
    private readonly GoogleAccounts _accounts;
    private readonly GoogleStore _store;
    private readonly GoogleListEndpoints _lists;
    private readonly GoogleJobEndpoints _jobs;
    private readonly GoogleGaql _gaql;

    public GoogleEmulator(GoogleEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new GoogleEmulatorOptions();
        var time = timeProvider ?? TimeProvider.System;
        _accounts = new GoogleAccounts(Options, time);
        _store = new GoogleStore(Options, time);
        _lists = new GoogleListEndpoints(_store);
        _jobs = new GoogleJobEndpoints(_store, Options, time);
        _gaql = new GoogleGaql(_store);
        _accounts.AddClient(Options.SandboxClientId, Options.SandboxClientSecret, Options.SandboxRefreshToken);
        _accounts.AddDeveloperToken(Options.SandboxDeveloperToken);
        _accounts.AddCustomer(Options.SandboxCustomerId, null);
    }

    public string Name => "google";

    public FaultInjector Faults { get; } = new();

    public GoogleEmulatorOptions Options { get; }

    /// <summary>Access tokens issued by the token endpoint so far.</summary>
    public int TokensIssued => _accounts.TokensIssued;

    /// <summary>An account the OAuth user may act on; with <paramref name="managerId"/>, only through that manager (<c>login-customer-id</c>).</summary>
    public void AddCustomer(string customerId, string? managerId = null) => _accounts.AddCustomer(customerId, managerId);

    public void AddOAuthClient(string clientId, string clientSecret, string refreshToken) => _accounts.AddClient(clientId, clientSecret, refreshToken);

    public void AddDeveloperToken(string developerToken) => _accounts.AddDeveloperToken(developerToken);

    /// <summary>Every access token issued so far has expired (the next API call with one is a 401).</summary>
    public void ExpireAccessTokens() => _accounts.ExpireAccessTokens();

    /// <summary>Operations carrying this hashed value (or address part) fail with <paramref name="code"/>, as Google refuses malformed data.</summary>
    public void RefuseIdentifier(string value, string code = "INVALID_SHA256_FORMAT") => _jobs.Refuse(value, code);

    /// <summary>The next <paramref name="count"/> jobs to end fail (after their removeAll, if any, took effect).</summary>
    public void FailNextJobs(int count) => _store.FailNextJobs(count);

    public IReadOnlyList<GoogleListView> Lists(string? customerId = null) => _store.ListViews(customerId);

    public IReadOnlyList<GoogleJobView> Jobs(string listId) => _store.JobViews(listId);

    /// <summary>The list's members as <c>hashedEmail:…</c>, <c>hashedPhoneNumber:…</c> and <c>address:first|last|CC|postal</c>.</summary>
    public IReadOnlySet<string> Members(string listId) => _store.Members(listId);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("token", async context =>
        {
            if (!await Faults.AnswerAsync(context, (c, f) => AnswerFaultAsync(c, f, Options.Versions[^1])))
            {
                await _accounts.TokenAsync(context);
            }
        });
        routes.Map("{version}/customers/{**rest}", HandleAsync);
    }

    public object Snapshot(int sampleSize) => new
    {
        customers = _accounts.Customers(),
        lists = Lists().Select(l => new
        {
            id = l.Id,
            customer_id = l.CustomerId,
            name = l.Name,
            member_count = l.MemberCount,
            sample = Members(l.Id).Order(StringComparer.Ordinal).Take(Math.Max(0, sampleSize)).ToList(),
            jobs = Jobs(l.Id).Select(j => new { id = j.Id, status = j.Status, remove_all = j.RemoveAll, creates = j.Creates, consent = new { ad_user_data = j.AdUserData, ad_personalization = j.AdPersonalization } }).ToList(),
        }).ToList(),
    };

    private async Task HandleAsync(HttpContext context)
    {
        var version = context.GetRouteValue("version") as string ?? "";
        var match = PathPattern().Match(context.GetRouteValue("rest") as string ?? "");
        if (!HttpMethods.IsPost(context.Request.Method) || !Options.Versions.Contains(version) || !match.Success)
        {
            // Google's front end answers an unknown path (or a sunset version) with a bare 404.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (await Faults.AnswerAsync(context, (c, f) => AnswerFaultAsync(c, f, version)) || !await AuthorizedAsync(context, version, match.Groups["customer"].Value))
        {
            return;
        }

        if (await GoogleHttp.ReadObjectAsync(context) is not { } body)
        {
            await GoogleHttp.ErrorAsync(context, version, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }

        var customer = match.Groups["customer"].Value;
        var job = match.Groups["job"].Value;
        switch (match.Groups["method"].Value)
        {
            case "googleAds:search":
                await _gaql.SearchAsync(context, version, customer, body);
                break;
            case "userLists:mutate":
                await _lists.MutateAsync(context, version, customer, body);
                break;
            case "offlineUserDataJobs:create":
                await _jobs.CreateAsync(context, version, customer, body);
                break;
            case ":addOperations" when job.Length > 0:
                await _jobs.AddOperationsAsync(context, version, customer, job, body);
                break;
            case ":run" when job.Length > 0:
                await _jobs.RunAsync(context, version, customer, job);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    /// <summary>Access token, developer token, then the customer and <c>login-customer-id</c> (https://developers.google.com/google-ads/api/rest/auth).</summary>
    private async Task<bool> AuthorizedAsync(HttpContext context, string version, string customerId)
    {
        if (_accounts.CheckAccessToken(context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null) is { } tokenError)
        {
            await GoogleHttp.ErrorAsync(context, version, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", new GoogleEmuError("authenticationError", tokenError, "Authentication of the request failed."));
            return false;
        }

        if (!_accounts.IsDeveloperToken(context.Request.Headers["developer-token"].ToString()))
        {
            await GoogleHttp.ErrorAsync(context, version, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", new GoogleEmuError("authenticationError", "DEVELOPER_TOKEN_INVALID", "The developer token is not valid."));
            return false;
        }

        var login = context.Request.Headers["login-customer-id"].ToString() is { Length: > 0 } l ? l : null;
        if (login is not null && !CustomerId().IsMatch(login))
        {
            await GoogleHttp.InvalidAsync(context, version, new GoogleEmuError("headerError", "INVALID_LOGIN_CUSTOMER_ID", "The login customer ID could not be validated (10 digits, no dashes)."));
            return false;
        }

        if (_accounts.CheckAccess(customerId, login) is { } denied)
        {
            await GoogleHttp.ErrorAsync(context, version, 403, "PERMISSION_DENIED", "The caller does not have permission", new GoogleEmuError("authorizationError", "USER_PERMISSION_DENIED", denied));
            return false;
        }

        return true;
    }

    /// <summary>Turns a queued fault into Google's answer (<see cref="FaultInjector.AnswerAsync"/> has applied slow and dropped requests).</summary>
    private static async Task AnswerFaultAsync(HttpContext context, Fault fault, string version)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                await GoogleHttp.ErrorAsync(context, version, 429, "RESOURCE_EXHAUSTED", "Too many requests.", new GoogleEmuError("quotaError", "RESOURCE_EXHAUSTED", fault.Message ?? "Too many requests. Retry in 30 seconds.", RetryDelay: $"{fault.RetryAfterSeconds ?? 30}s"));
                return;
            case FaultKind.ServerError:
                var status = fault.StatusCode ?? 500;
                await GoogleHttp.ErrorAsync(context, version, status, status == 503 ? "UNAVAILABLE" : "INTERNAL", "Internal error encountered.", new GoogleEmuError("internalError", status == 503 ? "TRANSIENT_ERROR" : "INTERNAL_ERROR", fault.Message ?? "An internal error has occurred."));
                return;
            default:
                // Message "category:CODE", e.g. "databaseError:CONCURRENT_MODIFICATION".
                var parts = (fault.Message ?? "requestError:UNKNOWN").Split(':', 2);
                await GoogleHttp.ErrorAsync(context, version, fault.StatusCode ?? 400, "INVALID_ARGUMENT", "Request contains an invalid argument.", new GoogleEmuError(parts[0], parts.Length > 1 ? parts[1] : "UNKNOWN", "Injected error."));
                return;
        }
    }

    [GeneratedRegex("^(?<customer>[0-9]{10})/(?:offlineUserDataJobs/(?<job>[0-9]+)(?<method>:addOperations|:run)|(?<method>googleAds:search|userLists:mutate|offlineUserDataJobs:create))$")]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[0-9]{10}$")]
    private static partial Regex CustomerId();
}

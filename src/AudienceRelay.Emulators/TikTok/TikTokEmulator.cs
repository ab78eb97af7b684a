using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// A strict, stateful stand-in for TikTok's Business API audience endpoints (v1.3), written from TikTok's documentation
/// (providers.md §2). Mounted at <c>/tiktok</c>, so a client's BaseUrl is <c>http://host:port/tiktok</c> and it calls
/// <c>{BaseUrl}/open_api/v1.3/...</c> with TikTok's trailing slashes.
/// </summary>
public sealed class TikTokEmulator : IPlatformEmulator
{
    private const string Prefix = "open_api/v1.3/";
    private readonly TikTokState _state;
    private readonly TikTokAudienceEndpoints _audiences;
    private readonly TikTokMappingEndpoint _mapping;

    public TikTokEmulator(TikTokEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new TikTokEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxMappingRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxPageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxAudienceNameLength, 1);
        _state = new TikTokState(timeProvider ?? TimeProvider.System);
        _audiences = new TikTokAudienceEndpoints(_state, Options);
        _mapping = new TikTokMappingEndpoint(_state, Options);
        _state.AddAdvertiser(Options.SandboxAdvertiserId, Options.SandboxAccessToken);
    }

    public string Name => "tiktok";

    public FaultInjector Faults { get; } = new();

    public TikTokEmulatorOptions Options { get; }

    /// <summary>Adds (or re-keys) an advertiser whose calls must carry <paramref name="accessToken"/> in <c>Access-Token</c>.</summary>
    public void AddAdvertiser(string advertiserId, string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(advertiserId);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        _state.AddAdvertiser(advertiserId, accessToken);
    }

    /// <summary>The advertiser's segment audiences, newest first.</summary>
    public IReadOnlyList<TikTokAudienceView> Audiences(string advertiserId) => _state.AudiencesOf(advertiserId);

    /// <summary>
    /// Creates an audience as if it had been made earlier in Ads Manager: <paramref name="kind"/> is its type as the list
    /// shows it ("Partner Audience", "Customer File", "Lookalike", "Engagement"). Returns its id.
    /// </summary>
    public string SeedAudience(string advertiserId, string name, string kind = "Partner Audience") => _state.Create(advertiserId, name, kind).Id;

    /// <summary>Deletes an audience, as an advertiser can in Ads Manager; later calls naming it answer 40007.</summary>
    public bool DeleteAudience(string audienceId) => _state.Delete(audienceId);

    /// <summary>The hashed ids of <paramref name="idType"/> (e.g. <c>EMAIL_SHA256</c>) currently in the audience.</summary>
    public IReadOnlySet<string> Members(string audienceId, string idType) => _state.Members(audienceId, idType);

    public void Map(IEndpointRouteBuilder routes)
    {
        Route(routes, HttpMethods.Post, "segment/audience/", _audiences.CreateAsync);
        Route(routes, HttpMethods.Get, "dmp/custom_audience/list/", _audiences.ListAsync);
        Route(routes, HttpMethods.Get, "dmp/custom_audience/get/", _audiences.GetAsync);
        Route(routes, HttpMethods.Post, "segment/mapping/", _mapping.HandleAsync);
    }

    public object Snapshot(int sampleSize) => new
    {
        advertisers = _state.Advertisers(),
        audiences = _state.AllAudiences().Select(a => new
        {
            audience_id = a.AudienceId,
            advertiser_id = a.AdvertiserId,
            name = a.Name,
            member_count = a.MemberCount,
            sample = _state.Sample(a.AudienceId, Math.Max(0, sampleSize)).Select(m => new { id_type = m.IdType, id = m.Id }).ToList(),
        }).ToList(),
    };

    /// <summary>
    /// Maps one TikTok path for every method. A request that would not reach TikTok's API (wrong method, or the path
    /// without its trailing slash, which ASP.NET routing would otherwise forgive) gets a bare 404, as TikTok's gateway answers.
    /// </summary>
    private void Route(IEndpointRouteBuilder routes, string method, string path, Func<HttpContext, string, Task> handler) =>
        routes.Map(Prefix + path, async context =>
        {
            if (!HttpMethods.Equals(context.Request.Method, method) || context.Request.Path.Value?.EndsWith('/') != true)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (await Faults.AnswerAsync(context, AnswerFaultAsync))
            {
                return;
            }

            var token = context.Request.Headers["Access-Token"].ToString();
            if (token.Length == 0)
            {
                await TikTokHttp.ErrorAsync(context, new TikTokError(TikTokCodes.TokenMissing, TikTokCodes.TokenMissingMessage));
                return;
            }

            if (!_state.IsKnownToken(token))
            {
                await TikTokHttp.ErrorAsync(context, new TikTokError(TikTokCodes.TokenInvalid, "Access token is incorrect or has been revoked."));
                return;
            }

            await handler(context, token);
        });

    /// <summary>Turns a queued fault into TikTok's answer (<see cref="FaultInjector.AnswerAsync"/> has applied slow and dropped requests).</summary>
    private static async Task AnswerFaultAsync(HttpContext context, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                // TikTok throttles inside the envelope: 40100 (app QPS), 40016, or 40133 (advertiser QPS).
                await TikTokHttp.ErrorAsync(context, new TikTokError(fault.Code ?? TikTokCodes.RateLimited, fault.Message ?? "Too many requests. Please retry in some time."));
                return;
            case FaultKind.ServerError when fault.StatusCode is int status:
                // A gateway failure: the request never reached the API, so there is no envelope.
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("Service unavailable", context.RequestAborted);
                return;
            case FaultKind.ServerError:
                await TikTokHttp.ErrorAsync(context, new TikTokError(fault.Code ?? TikTokCodes.ServiceError, fault.Message ?? "Internal service error. Please retry later."));
                return;
            default:
                await TikTokHttp.ErrorAsync(
                    context,
                    new TikTokError(fault.Code ?? TikTokCodes.InvalidParameters, fault.Message ?? "Injected error."),
                    fault.StatusCode ?? StatusCodes.Status200OK);
                return;
        }
    }
}

using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// A strict, stateful stand-in for Meta's Graph API Custom Audiences endpoints, written from Meta's documentation
/// (https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences). Mounted at <c>/meta</c>,
/// a client calls <c>{BaseUrl}/v{N}.0/act_{id}/customaudiences</c>, <c>/{audience_id}/users</c>, and so on.
/// Ad accounts and tokens are registered up front with <see cref="AddAdAccount"/>.
/// </summary>
public sealed class MetaEmulator : IPlatformEmulator
{
    /// <summary>The ad account (digits, no <c>act_</c>) registered when <see cref="MetaEmulatorOptions.RegisterSandboxAccount"/> is set.</summary>
    public const string SandboxAdAccountId = "1000000000000001";

    /// <summary>The access token that may manage <see cref="SandboxAdAccountId"/>.</summary>
    public const string SandboxAccessToken = "meta-sandbox-token";

    private readonly MetaStore _store;
    private readonly GraphRouter _router;

    public MetaEmulator(MetaEmulatorOptions? options = null)
    {
        var settings = options ?? new MetaEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxRowsPerRequest, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.DefaultPageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxPageSize, settings.DefaultPageSize);
        ArgumentNullException.ThrowIfNull(settings.Time);
        _store = new MetaStore(settings);
        _router = new GraphRouter(_store, Faults);
        if (settings.RegisterSandboxAccount)
        {
            AddAdAccount(SandboxAdAccountId, SandboxAccessToken);
        }
    }

    public string Name => "meta";

    public FaultInjector Faults { get; } = new();

    /// <summary>Registers an ad account (digits; a leading <c>act_</c> is stripped) and lets <paramref name="accessToken"/> manage it.</summary>
    public void AddAdAccount(string id, string accessToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        var digits = id.StartsWith("act_", StringComparison.Ordinal) ? id[4..] : id;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("An ad account id is digits, optionally prefixed with act_.", nameof(id));
        }

        _store.AddAdAccount(digits, accessToken);
    }

    /// <summary>
    /// Registers a token (valid, but with no ad account unless <see cref="AddAdAccount"/> grants one) and optionally
    /// its app's secret: then a request's <c>appsecret_proof</c> is checked, and with
    /// <paramref name="requireAppSecretProof"/> it is mandatory (the app's "Require App Secret" setting).
    /// </summary>
    public void AddAccessToken(string accessToken, string? appSecret = null, bool requireAppSecretProof = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        if (requireAppSecretProof && appSecret is null)
        {
            throw new ArgumentException("Requiring appsecret_proof needs the app secret.", nameof(appSecret));
        }

        _store.AddAccessToken(accessToken, appSecret, requireAppSecretProof);
    }

    /// <summary>Creates an audience directly, as if it had been made earlier in Ads Manager. Returns its id.</summary>
    public string SeedAudience(string adAccountId, string name, string customerFileSource = "USER_PROVIDED_ONLY", bool valueBased = false)
    {
        lock (_store.Gate)
        {
            if (!_store.HasAdAccount(adAccountId))
            {
                throw new ArgumentException("Unknown ad account; register it with AddAdAccount first.", nameof(adAccountId));
            }
        }

        return _store.CreateAudience(adAccountId, name, null, customerFileSource, isValueBased: valueBased, aliasPending: false).Id;
    }

    /// <summary>Deletes an audience, as an advertiser can in Ads Manager; later calls naming it answer (#100) subcode 33.</summary>
    public bool DeleteAudience(string audienceId)
    {
        lock (_store.Gate)
        {
            return _store.DeleteAudience(audienceId);
        }
    }

    /// <summary>The audiences of an ad account (digits, no <c>act_</c>), newest first.</summary>
    public IReadOnlyList<MetaAudienceView> Audiences(string adAccountId)
    {
        lock (_store.Gate)
        {
            return [.. _store.AudiencesOf(adAccountId).Select(a => a.ToView())];
        }
    }

    /// <summary>One audience, or null when it does not exist.</summary>
    public MetaAudienceView? Audience(string audienceId)
    {
        lock (_store.Gate)
        {
            return _store.FindAudience(audienceId)?.ToView();
        }
    }

    /// <summary>The EMAIL hashes of the audience's current members (staged replace rows are not members yet).</summary>
    public IReadOnlySet<string> MemberEmails(string audienceId)
    {
        lock (_store.Gate)
        {
            var audience = _store.FindAudience(audienceId);
            return audience is null
                ? new HashSet<string>(StringComparer.Ordinal)
                : audience.Members.Rows.Where(r => r.Values.ContainsKey("EMAIL")).Select(r => r.Values["EMAIL"]).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The audience's current members: per member, values by canonical schema key (EMAIL, PHONE, FN, ..., EXTERN_ID,
    /// MADID, LOOKALIKE_VALUE; legacy EMAIL_SHA256 / PHONE_SHA256 / MOBILE_ADVERTISER_ID are stored as EMAIL / PHONE / MADID).
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Members(string audienceId)
    {
        lock (_store.Gate)
        {
            return _store.FindAudience(audienceId) is { } audience ? [.. audience.Members.Rows.Select(r => r.Values)] : [];
        }
    }

    /// <summary>The audience's upload sessions, oldest first.</summary>
    public IReadOnlyList<MetaSessionView> Sessions(string audienceId)
    {
        lock (_store.Gate)
        {
            return _store.FindAudience(audienceId) is { } audience ? [.. audience.Sessions.Select(s => s.ToView())] : [];
        }
    }

    /// <summary>Every platform request answered so far (no query strings, no bodies).</summary>
    public IReadOnlyList<MetaRequestRecord> Requests => _store.Requests();

    public void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Map("/{**path}", _router.HandleAsync);
    }

    public object Snapshot(int sampleSize)
    {
        lock (_store.Gate)
        {
            var accounts = _store.AdAccounts().Select(account => new MetaAccountSnapshot(
                account,
                [.. _store.AudiencesOf(account).Select(a => new MetaAudienceSnapshot(
                    a.Id,
                    a.Name,
                    a.Members.Count,
                    [.. a.Sessions.Where(s => s.IsOpen).Select(s => s.ToView())],
                    [.. a.Members.Rows.Take(Math.Max(0, sampleSize)).Select(r => r.Values)]))]));
            return new MetaSnapshot([.. accounts]);
        }
    }
}

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// Everything the Meta emulator holds, behind one lock: ad accounts, tokens, audiences with members and sessions.
/// Handlers parse requests outside the lock and take it only to read or change state.
/// </summary>
internal sealed class MetaStore(MetaEmulatorOptions options)
{
    // Audience ids look like Meta's: long numeric strings. They start at a random point, so an emulator started again
    // (the sandbox after a restart) never hands out an id that its previous run gave to another audience.
    private const long LowestAudienceId = 1_000_000_000_000_000;
    private const long HighestFirstAudienceId = 9_000_000_000_000_000;

    private readonly HashSet<string> _adAccounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenGrant> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Audience> _audiences = new(StringComparer.Ordinal);
    private readonly List<MetaRequestRecord> _requests = [];
    private long _nextAudienceId = Random.Shared.NextInt64(LowestAudienceId, HighestFirstAudienceId);

    public Lock Gate { get; } = new();

    public MetaEmulatorOptions Options { get; } = options;

    public DateTimeOffset Now => Options.Time.GetUtcNow();

    public void AddAdAccount(string adAccountId, string accessToken)
    {
        lock (Gate)
        {
            _adAccounts.Add(adAccountId);
            Grant(accessToken).AdAccounts.Add(adAccountId);
        }
    }

    public void AddAccessToken(string accessToken, string? appSecret, bool requireAppSecretProof)
    {
        lock (Gate)
        {
            var grant = Grant(accessToken);
            grant.AppSecret = appSecret ?? grant.AppSecret;
            grant.RequireAppSecretProof = requireAppSecretProof;
        }
    }

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public TokenGrant? FindToken(string token) => _tokens.GetValueOrDefault(token);

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public bool HasAdAccount(string adAccountId) => _adAccounts.Contains(adAccountId);

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public Audience? FindAudience(string audienceId)
    {
        var audience = _audiences.GetValueOrDefault(audienceId);
        if (audience is not null)
        {
            AudienceUploads.ExpireStaleReplace(audience, Now, Options.ReplaceSessionTimeout);
        }

        return audience;
    }

    public Audience CreateAudience(string adAccountId, string name, string? description, string customerFileSource, bool isValueBased, bool aliasPending)
    {
        lock (Gate)
        {
            var audience = new Audience(_nextAudienceId++, adAccountId, name, Now)
            {
                Description = description,
                CustomerFileSource = customerFileSource,
                IsValueBased = isValueBased,
                AliasPending = aliasPending,
            };
            _audiences[audience.Id] = audience;
            return audience;
        }
    }

    /// <summary>
    /// Whether another audience of the same ad account has a session with this id: the emulator holds session ids
    /// unique per ad account, so two uploaders that pick the same number are caught. Call under <see cref="Gate"/>.
    /// </summary>
    public bool SessionUsedByAnotherAudience(Audience audience, string sessionId) =>
        _audiences.Values.Any(a => a != audience && a.AdAccountId == audience.AdAccountId && a.FindSession(sessionId) is not null);

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public bool DeleteAudience(string audienceId) => _audiences.Remove(audienceId);

    /// <summary>Audiences of one account, newest first (the order of the customaudiences edge). Call under <see cref="Gate"/>.</summary>
    public List<Audience> AudiencesOf(string adAccountId) =>
        [.. _audiences.Values.Where(a => a.AdAccountId == adAccountId).OrderByDescending(a => a.Number)];

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public IReadOnlyList<string> AdAccounts() => [.. _adAccounts.Order(StringComparer.Ordinal)];

    public void Record(MetaRequestRecord record)
    {
        lock (Gate)
        {
            _requests.Add(record);
        }
    }

    public IReadOnlyList<MetaRequestRecord> Requests()
    {
        lock (Gate)
        {
            return [.. _requests];
        }
    }

    private TokenGrant Grant(string accessToken)
    {
        if (!_tokens.TryGetValue(accessToken, out var grant))
        {
            grant = new TokenGrant();
            _tokens[accessToken] = grant;
        }

        return grant;
    }
}

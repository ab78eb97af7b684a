namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>
/// Access tokens (each with the ad accounts its member has a role on, and an expiry), refresh grants, DMP segments and
/// the per-minute request windows. One lock guards it all: the emulator is a strict peer, not a throughput benchmark.
/// </summary>
internal sealed class LinkedInState(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (HashSet<string> Accounts, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, string ClientSecret, string[] Accounts)> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<long, LinkedInSegment> _segments = [];
    private readonly Dictionary<string, (long Minute, int Count)> _windows = new(StringComparer.Ordinal);
    private long _lastSegmentId = 880_000;
    private long _lastToken;

    public TimeProvider Time => time;

    public int TokensIssued { get; private set; }

    public void Grant(string token, string accountId, DateTimeOffset expires)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(token, out var entry))
            {
                entry = ([], expires);
            }

            entry.Accounts.Add(accountId);
            _tokens[token] = (entry.Accounts, expires);
        }
    }

    public void AddRefreshGrant(string clientId, string clientSecret, string refreshToken, string[] accountIds)
    {
        lock (_gate)
        {
            _grants[refreshToken] = (clientId, clientSecret, accountIds);
        }
    }

    /// <summary>Mints a token for a refresh grant, or null when the client or the refresh token is not known.</summary>
    public string? Mint(string clientId, string clientSecret, string refreshToken, TimeSpan lifetime)
    {
        lock (_gate)
        {
            if (!_grants.TryGetValue(refreshToken, out var grant)
                || !string.Equals(grant.ClientId, clientId, StringComparison.Ordinal)
                || !string.Equals(grant.ClientSecret, clientSecret, StringComparison.Ordinal))
            {
                return null;
            }

            var token = $"li-minted-{++_lastToken}-{Guid.NewGuid():N}";
            _tokens[token] = ([.. grant.Accounts], time.GetUtcNow() + lifetime);
            TokensIssued++;
            return token;
        }
    }

    /// <summary>Ends every token's life now (as after 60 days), so the next call with one answers 401.</summary>
    public void ExpireAll()
    {
        lock (_gate)
        {
            foreach (var token in _tokens.Keys.ToList())
            {
                _tokens[token] = (_tokens[token].Accounts, time.GetUtcNow());
            }
        }
    }

    /// <summary>Null when the token is valid; else why not ("unknown" or "expired").</summary>
    public string? Check(string token)
    {
        lock (_gate)
        {
            return !_tokens.TryGetValue(token, out var entry) ? "unknown" : time.GetUtcNow() >= entry.Expires ? "expired" : null;
        }
    }

    public bool CanAct(string token, string accountId)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out var entry) && entry.Accounts.Contains(accountId);
        }
    }

    /// <summary>Counts a request in the token's current minute; false when it is over <paramref name="limit"/>, with the seconds left.</summary>
    public (bool Allowed, int SecondsLeft) CountRequest(string token, int limit)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var minute = now.ToUnixTimeSeconds() / 60;
            var count = _windows.TryGetValue(token, out var w) && w.Minute == minute ? w.Count : 0;
            _windows[token] = (minute, count + 1);
            return (count < limit, (int)(((minute + 1) * 60) - now.ToUnixTimeSeconds()));
        }
    }

    public LinkedInSegment Create(string accountId, string name, string sourcePlatform, string? sourceSegmentId, string type)
    {
        lock (_gate)
        {
            var segment = new LinkedInSegment(++_lastSegmentId, accountId, name, sourcePlatform, sourceSegmentId, type, time.GetUtcNow());
            _segments.Add(segment.Id, segment);
            return segment;
        }
    }

    public LinkedInSegmentView? Find(long id)
    {
        lock (_gate)
        {
            return _segments.TryGetValue(id, out var segment) ? segment.ToView() : null;
        }
    }

    /// <summary>The account's segments, oldest first, filtered as the finder's optional parameters ask.</summary>
    public IReadOnlyList<LinkedInSegmentView> Segments(string? accountId, string? sourcePlatform = null, string? sourceSegmentId = null)
    {
        lock (_gate)
        {
            return [.. _segments.Values
                .Where(s => accountId is null || s.AccountId == accountId)
                .Where(s => sourcePlatform is null || s.SourcePlatform == sourcePlatform)
                .Where(s => sourceSegmentId is null || s.SourceSegmentId == sourceSegmentId)
                .OrderBy(s => s.Id)
                .Select(s => s.ToView())];
        }
    }

    /// <summary>Applies the valid elements of one call (all validated first) and counts the refused ones.</summary>
    public void Apply(long segmentId, IEnumerable<LinkedInUserChange> changes, int rejected)
    {
        lock (_gate)
        {
            var segment = _segments[segmentId];
            segment.RejectedElements += rejected;
            foreach (var change in changes)
            {
                foreach (var id in change.Ids)
                {
                    if (change.Add)
                    {
                        segment.Add(id, change.FirstName, change.LastName, change.Country);
                    }
                    else
                    {
                        segment.Remove(id);
                    }
                }
            }
        }
    }

    public IReadOnlyList<LinkedInMemberView> Members(long segmentId, int max = int.MaxValue)
    {
        lock (_gate)
        {
            return _segments.TryGetValue(segmentId, out var segment) ? [.. segment.Members().Take(max)] : [];
        }
    }
}

/// <summary>One valid element of a <c>BATCH_CREATE</c>: ADD or REMOVE of its ids (a name-only ADD is keyed by the name).</summary>
internal sealed record LinkedInUserChange(bool Add, IReadOnlyList<(string IdType, string IdValue)> Ids, string? FirstName, string? LastName, string? Country);

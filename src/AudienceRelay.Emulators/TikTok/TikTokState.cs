namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// Advertisers (each with the token allowed to act for it) and their segment audiences. One lock guards it all:
/// the server under test calls from many workers at once and the emulator is not a throughput benchmark.
/// </summary>
internal sealed class TikTokState(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _tokenByAdvertiser = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TikTokAudience> _audiences = new(StringComparer.Ordinal);
    // Ids start at a random point, so an emulator started again (the sandbox after a restart) never hands out an id
    // that its previous run gave to another audience.
    private long _lastAudienceId = Random.Shared.NextInt64(1_000_000_000_000_000, 9_000_000_000_000_000);

    public void AddAdvertiser(string advertiserId, string accessToken)
    {
        lock (_gate)
        {
            _tokenByAdvertiser[advertiserId] = accessToken;
            _tokens.Add(accessToken);
        }
    }

    public bool IsKnownToken(string token)
    {
        lock (_gate)
        {
            return _tokens.Contains(token);
        }
    }

    public bool IsAuthorized(string token, string advertiserId)
    {
        lock (_gate)
        {
            return _tokenByAdvertiser.TryGetValue(advertiserId, out var owner) && string.Equals(owner, token, StringComparison.Ordinal);
        }
    }

    public TikTokAudience Create(string advertiserId, string name, string kind = TikTokAudience.PartnerKind)
    {
        lock (_gate)
        {
            var audience = new TikTokAudience((++_lastAudienceId).ToString(System.Globalization.CultureInfo.InvariantCulture), advertiserId, name, time.GetUtcNow()) { Kind = kind };
            _audiences.Add(audience.Id, audience);
            return audience;
        }
    }

    /// <summary>The advertiser's audiences, newest first, as views taken under the lock.</summary>
    public IReadOnlyList<TikTokAudienceView> AudiencesOf(string advertiserId)
    {
        lock (_gate)
        {
            return [.. _audiences.Values
                .Where(a => string.Equals(a.AdvertiserId, advertiserId, StringComparison.Ordinal))
                .OrderByDescending(a => long.Parse(a.Id))
                .Select(a => a.ToView())];
        }
    }

    public IReadOnlyList<TikTokAudienceView> AllAudiences()
    {
        lock (_gate)
        {
            return [.. _audiences.Values.OrderBy(a => long.Parse(a.Id)).Select(a => a.ToView())];
        }
    }

    public IReadOnlyList<string> Advertisers()
    {
        lock (_gate)
        {
            return [.. _tokenByAdvertiser.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The audience if it exists and belongs to one of <paramref name="advertiserIds"/>.</summary>
    public TikTokAudienceView? Find(string audienceId, IReadOnlyCollection<string> advertiserIds)
    {
        lock (_gate)
        {
            return _audiences.TryGetValue(audienceId, out var audience) && advertiserIds.Contains(audience.AdvertiserId)
                ? audience.ToView()
                : null;
        }
    }

    public bool Delete(string audienceId)
    {
        lock (_gate)
        {
            return _audiences.Remove(audienceId);
        }
    }

    /// <summary>Adds or removes every entry; the caller validated them all first, so a mapping call is all or nothing.</summary>
    public void Apply(bool add, IEnumerable<TikTokMappingEntry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                foreach (var audienceId in entry.AudienceIds)
                {
                    var members = _audiences[audienceId].Members;
                    if (add)
                    {
                        members.Add((entry.IdType, entry.Id));
                    }
                    else
                    {
                        members.Remove((entry.IdType, entry.Id));
                    }
                }
            }
        }
    }

    public IReadOnlySet<string> Members(string audienceId, string idType)
    {
        lock (_gate)
        {
            if (!_audiences.TryGetValue(audienceId, out var audience))
            {
                return new HashSet<string>();
            }

            return audience.Members
                .Where(m => string.Equals(m.IdType, idType, StringComparison.Ordinal))
                .Select(m => m.Id)
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<(string IdType, string Id)> Sample(string audienceId, int count)
    {
        lock (_gate)
        {
            return _audiences.TryGetValue(audienceId, out var audience) ? [.. audience.Members.Take(count)] : [];
        }
    }
}

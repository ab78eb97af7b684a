using System.Security.Cryptography;

namespace AudienceRelay.Emulators.Snapchat;

/// <summary>The emulator's memory: OAuth apps and their tokens, ad accounts, segments and their hashed members. Thread-safe.</summary>
internal sealed class SnapchatState(TimeProvider time, TimeSpan tokenLifetime)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Secret, string RefreshToken)> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _accountsByApp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly List<SnapchatSegment> _segments = [];
    private readonly List<SnapchatUsersCall> _calls = [];
    private long _nextId = 5_677_923_948_298_240;

    public int TokensIssued { get; private set; }

    public void AddAccount(string adAccountId, string clientId, string clientSecret, string refreshToken)
    {
        lock (_gate)
        {
            _apps[clientId] = (clientSecret, refreshToken);
            if (!_accountsByApp.TryGetValue(clientId, out var accounts))
            {
                _accountsByApp[clientId] = accounts = new HashSet<string>(StringComparer.Ordinal);
            }

            accounts.Add(adAccountId);
        }
    }

    /// <summary>A new access token for a known app and its refresh token; null names what was wrong (OAuth error codes).</summary>
    public (string? Token, string? Error) Issue(string clientId, string clientSecret, string refreshToken)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(clientId, out var app) || !FixedTimeEquals(app.Secret, clientSecret))
            {
                return (null, "invalid_client");
            }

            if (!FixedTimeEquals(app.RefreshToken, refreshToken))
            {
                return (null, "invalid_grant");
            }

            var token = "snap-at-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _tokens[token] = (clientId, time.GetUtcNow() + tokenLifetime);
            TokensIssued++;
            return (token, null);
        }
    }

    /// <summary>The app a live token belongs to, or null (unknown or expired).</summary>
    public string? AppOf(string token)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out var grant) && time.GetUtcNow() < grant.Expires ? grant.ClientId : null;
        }
    }

    public void ExpireTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    public bool CanUse(string clientId, string adAccountId)
    {
        lock (_gate)
        {
            return _accountsByApp.TryGetValue(clientId, out var accounts) && accounts.Contains(adAccountId);
        }
    }

    public bool AccountExists(string adAccountId)
    {
        lock (_gate)
        {
            return _accountsByApp.Values.Any(a => a.Contains(adAccountId));
        }
    }

    public SnapchatSegment Create(string adAccountId, string name, string? description, string sourceType, int retentionInDays)
    {
        lock (_gate)
        {
            var segment = new SnapchatSegment((_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture), adAccountId, name, description, sourceType, retentionInDays, time.GetUtcNow());
            _segments.Add(segment);
            return segment;
        }
    }

    public IReadOnlyList<SnapchatSegment> SegmentsOf(string adAccountId)
    {
        lock (_gate)
        {
            return [.. _segments.Where(s => s.AdAccountId == adAccountId)];
        }
    }

    public IReadOnlyList<SnapchatSegment> AllSegments()
    {
        lock (_gate)
        {
            return [.. _segments];
        }
    }

    public SnapchatSegment? Find(string segmentId)
    {
        lock (_gate)
        {
            return _segments.FirstOrDefault(s => s.Id == segmentId);
        }
    }

    /// <summary>Adds or removes hashed identifiers; returns how many were taken.</summary>
    public int Apply(SnapchatSegment segment, string method, string schema, IReadOnlyList<string> ids)
    {
        lock (_gate)
        {
            var members = segment.MembersOf(schema);
            foreach (var id in ids)
            {
                _ = method == HttpMethods.Delete ? members.Remove(id) : members.Add(id);
            }

            _calls.Add(new SnapchatUsersCall(method, segment.Id, schema, ids.Count));
            return ids.Count;
        }
    }

    public IReadOnlySet<string> Members(string segmentId, string schema)
    {
        lock (_gate)
        {
            return Find(segmentId)?.MembersOf(schema).ToHashSet(StringComparer.Ordinal) ?? [];
        }
    }

    public IReadOnlyList<SnapchatUsersCall> Calls()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(actual));
}

/// <summary>One add or remove call as the emulator took it (method, segment, schema, identifiers).</summary>
public sealed record SnapchatUsersCall(string Method, string SegmentId, string Schema, int Count);

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Emulators.Pinterest;

/// <summary>The emulator's memory: tokens and the ad accounts they reach, customer lists, audiences. Thread-safe.</summary>
internal sealed class PinterestState(TimeProvider time, TimeSpan tokenLifetime)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _fixedTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Secret, string Refresh, HashSet<string> Accounts)> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, DateTimeOffset Expires)> _issued = new(StringComparer.Ordinal);
    private readonly List<PinterestList> _lists = [];
    private readonly List<PinterestAudienceView> _audiences = [];
    private long _nextId = 643;

    public int TokensIssued { get; private set; }

    public void AddToken(string adAccountId, string accessToken)
    {
        lock (_gate)
        {
            Set(_fixedTokens, accessToken).Add(adAccountId);
        }
    }

    public void AddApp(string adAccountId, string clientId, string secret, string refreshToken)
    {
        lock (_gate)
        {
            var accounts = _apps.TryGetValue(clientId, out var app) ? app.Accounts : new HashSet<string>(StringComparer.Ordinal);
            accounts.Add(adAccountId);
            _apps[clientId] = (secret, refreshToken, accounts);
        }
    }

    public (string? Token, string? Error) Issue(string clientId, string secret, string refreshToken)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(clientId, out var app) || !Same(app.Secret, secret))
            {
                return (null, "invalid_client");
            }

            if (!Same(app.Refresh, refreshToken))
            {
                return (null, "invalid_grant");
            }

            var token = "pina_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _issued[token] = (clientId, time.GetUtcNow() + tokenLifetime);
            TokensIssued++;
            return (token, null);
        }
    }

    public void ExpireIssuedTokens()
    {
        lock (_gate)
        {
            _issued.Clear();
        }
    }

    /// <summary>The ad accounts a live token reaches, or null when the token is unknown or expired.</summary>
    public IReadOnlySet<string>? AccountsOf(string token)
    {
        lock (_gate)
        {
            if (_fixedTokens.TryGetValue(token, out var accounts))
            {
                return accounts.ToHashSet(StringComparer.Ordinal);
            }

            return _issued.TryGetValue(token, out var grant) && time.GetUtcNow() < grant.Expires ? _apps[grant.ClientId].Accounts.ToHashSet(StringComparer.Ordinal) : null;
        }
    }

    public bool AccountExists(string adAccountId)
    {
        lock (_gate)
        {
            return _fixedTokens.Values.Any(a => a.Contains(adAccountId)) || _apps.Values.Any(a => a.Accounts.Contains(adAccountId));
        }
    }

    public PinterestList CreateList(string adAccountId, string name, string listType, IReadOnlyList<string> records)
    {
        lock (_gate)
        {
            var list = new PinterestList(NextId(), adAccountId, name, listType, time.GetUtcNow());
            list.Apply("ADD", records);
            _lists.Add(list);
            return list;
        }
    }

    public IReadOnlyList<PinterestList> Lists(string adAccountId)
    {
        lock (_gate)
        {
            return [.. _lists.Where(l => l.AdAccountId == adAccountId)];
        }
    }

    public PinterestList? FindList(string adAccountId, string listId)
    {
        lock (_gate)
        {
            return _lists.FirstOrDefault(l => l.AdAccountId == adAccountId && l.Id == listId);
        }
    }

    /// <summary>Runs <paramref name="change"/> on a list under the lock, so concurrent updates never interleave.</summary>
    public T Locked<T>(Func<T> change)
    {
        lock (_gate)
        {
            return change();
        }
    }

    public PinterestAudienceView CreateAudience(string adAccountId, string name, string audienceType, string? customerListId)
    {
        lock (_gate)
        {
            var audience = new PinterestAudienceView(NextId(), adAccountId, name, audienceType, customerListId);
            _audiences.Add(audience);
            return audience;
        }
    }

    public IReadOnlyList<PinterestAudienceView> Audiences(string adAccountId)
    {
        lock (_gate)
        {
            return [.. _audiences.Where(a => a.AdAccountId == adAccountId)];
        }
    }

    public IReadOnlyList<PinterestList> AllLists()
    {
        lock (_gate)
        {
            return [.. _lists];
        }
    }

    private string NextId() => (_nextId++).ToString(CultureInfo.InvariantCulture);

    private static HashSet<string> Set(Dictionary<string, HashSet<string>> map, string key)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }

    private static bool Same(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}

/// <summary>An audience as tests and the sandbox page see it.</summary>
public sealed record PinterestAudienceView(string Id, string AdAccountId, string Name, string AudienceType, string? CustomerListId);

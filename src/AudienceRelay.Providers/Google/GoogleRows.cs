using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Providers.Google;

/// <summary>
/// The people of one upload as Customer Match <c>UserData</c>: one per person, each identifier in its own
/// <c>UserIdentifier</c> (hashedEmail, hashedPhoneNumber, and addressInfo only when first name, last name, country and
/// postal code are all there, as address matching needs all four). People with none of them are skipped with a reason.
/// </summary>
internal sealed class GoogleRows
{
    /// <summary>"More than 100,000 user identifiers" in one request is TOO_MANY_USER_IDENTIFIERS (providers.md §4.3).</summary>
    public const int MaxIdentifiersPerRequest = 100_000;

    private readonly List<GoogleUserData> _users = [];
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);

    public IReadOnlyList<GoogleUserData> Users => _users;

    public IReadOnlyDictionary<string, int> SkippedReasons => _skipped;

    public int Skipped => _skipped.Values.Sum();

    public void Add(IReadOnlyList<MatchKeys> keys, HashCache hashes)
    {
        foreach (var key in keys)
        {
            var identifiers = new List<GoogleUserIdentifier>(3);
            if (GoogleIdentity.HashedEmail(key, hashes) is { } email)
            {
                identifiers.Add(new GoogleUserIdentifier(HashedEmail: email));
            }

            if (GoogleIdentity.HashedPhoneNumber(key, hashes) is { } phone)
            {
                identifiers.Add(new GoogleUserIdentifier(HashedPhoneNumber: phone));
            }

            if (GoogleIdentity.HashedFirstName(key, hashes) is { } first && GoogleIdentity.HashedLastName(key, hashes) is { } last
                && GoogleIdentity.CountryCode(key) is { } country && GoogleIdentity.PostalCode(key) is { } postal)
            {
                identifiers.Add(new GoogleUserIdentifier(AddressInfo: new GoogleAddressInfo(first, last, country, postal)));
            }

            if (identifiers.Count == 0)
            {
                var reason = key.IsUsable ? "no_email_phone_or_full_address" : "no_identifier";
                _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            _users.Add(new GoogleUserData(identifiers));
        }
    }

    /// <summary>
    /// Splits the people into <c>addOperations</c> requests of at most <paramref name="maxUsers"/> people and
    /// <see cref="MaxIdentifiersPerRequest"/> identifiers; the same people always give the same requests, so a retry resumes by index.
    /// </summary>
    public IReadOnlyList<(int Start, int Count)> Requests(int maxUsers)
    {
        var requests = new List<(int, int)>();
        var start = 0;
        var identifiers = 0;
        for (var i = 0; i < _users.Count; i++)
        {
            var count = _users[i].UserIdentifiers.Count;
            if (i > start && (i - start >= maxUsers || identifiers + count > MaxIdentifiersPerRequest))
            {
                requests.Add((start, i - start));
                start = i;
                identifiers = 0;
            }

            identifiers += count;
        }

        if (_users.Count > start || requests.Count == 0)
        {
            requests.Add((start, _users.Count - start));
        }

        return requests;
    }
}

using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests;

/// <summary>
/// The store's membership ledger of one audience at one instance, in memory, with the same rules: keys recorded per
/// session; the keys left are the committed baseline's keys the session lacks (none without a baseline); committing
/// makes the session the baseline and forgets the old one.
/// </summary>
internal sealed class FakeMembershipLedger
{
    private readonly Dictionary<long, HashSet<MemberKey>> _sessions = [];

    public long? Baseline { get; private set; }

    public int Commits { get; private set; }

    /// <summary>Another delivery of the session ended failed or dead.</summary>
    public bool SiblingFailed { get; set; }

    public void Record(long sessionId, IEnumerable<MemberKey> keys) => Keys(sessionId).UnionWith(keys);

    public IReadOnlyCollection<MemberKey> Left(long sessionId) =>
        Baseline is { } baseline && baseline != sessionId ? [.. Keys(baseline).Except(Keys(sessionId))] : [];

    public IReadOnlySet<MemberKey> Find(long sessionId, IEnumerable<MemberKey> keys) => keys.Where(Keys(sessionId).Contains).ToHashSet();

    public void Commit(long sessionId)
    {
        if (Baseline is { } old && old != sessionId)
        {
            _sessions.Remove(old);
        }

        Baseline = sessionId;
        Commits++;
    }

    private HashSet<MemberKey> Keys(long sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var keys))
        {
            _sessions[sessionId] = keys = [];
        }

        return keys;
    }
}

namespace AudienceRelay.Emulators.Meta;

/// <summary>One audience in a <see cref="MetaSnapshot"/>: counts, open sessions and a sample of member rows (hashes only).</summary>
public sealed record MetaAudienceSnapshot(
    string Id,
    string Name,
    int MemberCount,
    IReadOnlyList<MetaSessionView> OpenSessions,
    IReadOnlyList<IReadOnlyDictionary<string, string>> SampleMembers);

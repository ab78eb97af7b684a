namespace AudienceRelay.Store.Queue;

/// <summary>The stored facts about one batch that the API answers with.</summary>
public sealed record StoredBatch(
    long BatchId,
    long SessionId,
    long Sequence,
    int UserCount,
    int SkippedCount,
    IReadOnlyDictionary<string, int> SkippedReasons,
    IReadOnlyList<string> Instances);

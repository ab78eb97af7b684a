namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// A read-only view of one upload session of an audience. <see cref="Kind"/> is <c>add</c>, <c>remove</c> or
/// <c>replace</c>; <see cref="Stage"/> is <c>uploading</c>, <c>processed</c> or <c>expired</c>.
/// </summary>
public sealed record MetaSessionView(
    string SessionId,
    string Kind,
    string Stage,
    IReadOnlyList<int> BatchSeqs,
    bool LastBatchFlagReceived,
    long NumReceived,
    long NumInvalidEntries,
    long? EstimatedNumTotal,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime);

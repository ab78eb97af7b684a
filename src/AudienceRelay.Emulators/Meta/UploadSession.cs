namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// One upload session of an audience, tracked the way Meta's Custom Audience Session object reports it
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience-session).
/// A replace session also holds the rows staged until its last batch arrives.
/// </summary>
internal sealed class UploadSession(string sessionId, SessionKind kind, DateTimeOffset start)
{
    public const string Uploading = "uploading";
    public const string Processed = "processed";
    public const string Expired = "expired";

    public string SessionId { get; } = sessionId;
    public SessionKind Kind { get; } = kind;
    public string Stage { get; set; } = Uploading;
    public SortedSet<int> BatchSeqs { get; } = [];
    public Dictionary<int, UploadResult> BatchResults { get; } = [];
    public bool LastBatchFlagReceived { get; set; }
    public long NumReceived { get; set; }
    public long NumInvalidEntries { get; set; }
    public long? EstimatedNumTotal { get; set; }
    public DateTimeOffset StartTime { get; } = start;
    public DateTimeOffset LastActivity { get; set; } = start;
    public DateTimeOffset? EndTime { get; set; }
    public MemberSet? Staged { get; set; }

    public bool IsOpen => Stage == Uploading;

    public void Record(int batchSeq, UploadResult result, DateTimeOffset now)
    {
        BatchSeqs.Add(batchSeq);
        BatchResults[batchSeq] = result;
        NumReceived += result.NumReceived;
        NumInvalidEntries += result.NumInvalidEntries;
        LastActivity = now;
    }

    public void Close(string stage, DateTimeOffset now)
    {
        Stage = stage;
        EndTime = now;
        Staged = null;
    }

    public MetaSessionView ToView() => new(
        SessionId,
        Kind.ToString().ToLowerInvariant(),
        Stage,
        [.. BatchSeqs],
        LastBatchFlagReceived,
        NumReceived,
        NumInvalidEntries,
        EstimatedNumTotal,
        StartTime,
        EndTime);
}

namespace AudienceRelay.Store.Queue;

/// <summary>
/// The rules a batch must keep with its session, shared by every engine: the session's name, type,
/// prefix choice and totalBatches are fixed by its first batch, and sequences start at 0 or 1.
/// </summary>
public static class SessionRules
{
    /// <summary>Null when the batch fits the session (or starts it); else the 409/400 to answer.</summary>
    public static AcceptOutcome? Check(SessionRow? session, NewBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var info = batch.Batch;
        if (session is not null)
        {
            if (session.Name != batch.Name)
            {
                return Conflict("name", "name", info.SessionId);
            }

            if (session.Type != batch.Type)
            {
                return Conflict("type", "type", info.SessionId);
            }

            if (session.TotalBatches != info.TotalBatches)
            {
                return Conflict("batch.totalBatches", "totalBatches", info.SessionId);
            }

            if (session.DisablePrefix != batch.DisablePrefix)
            {
                return Conflict("disablePrefix", "disablePrefix", info.SessionId);
            }

            if (session.BatchesSeen >= session.TotalBatches)
            {
                return new AcceptOutcome.OutOfRange($"batch.sequence: session {info.SessionId} already has all {session.TotalBatches} batches.");
            }
        }

        var (low, high) = Range(session?.SequenceBase, info.TotalBatches);
        return info.Sequence < low || info.Sequence > high
            ? new AcceptOutcome.OutOfRange($"batch.sequence: {info.Sequence} is outside this session's range {low}..{high}.")
            : null;
    }

    /// <summary>
    /// The base is learned from the first batch that settles it: sequence 0 means 0-based, sequence
    /// totalBatches means 1-based. Until then both are possible.
    /// </summary>
    public static int? LearnBase(int? known, long sequence, int totalBatches)
    {
        if (known is not null)
        {
            return known;
        }

        if (sequence == 0)
        {
            return 0;
        }

        return sequence == totalBatches ? 1 : null;
    }

    private static (long Low, long High) Range(int? sequenceBase, int totalBatches) => sequenceBase switch
    {
        0 => (0, totalBatches - 1),
        1 => (1, totalBatches),
        _ => (0, totalBatches),
    };

    private static AcceptOutcome.Conflict Conflict(string field, string label, long sessionId) =>
        new(field, $"{field}: session {sessionId} was started with a different {label}; every batch of a session must carry the same one.");
}

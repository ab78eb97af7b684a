namespace AudienceRelay.Core.Contract;

/// <summary>
/// The Audience API's rules for the batches of one session: its name, type, prefix choice and totalBatches are
/// fixed by its first batch; sequences start at 0 or 1, the base learned from the batch that settles it; a
/// session that has all its batches takes no other.
/// </summary>
/// <remarks>
/// The rules belong to the contract, not to the store, so they live here as a pure function of what the session
/// holds so far and what the new batch says. Every engine asks them inside its accept transaction, after it has
/// read the session under the session's lock, and turns a <see cref="SessionViolation"/> into its answer: the
/// store keeps the locking and the rows, this class keeps the wording and the arithmetic, and both can be tested
/// on their own. A plain static function (not a service handed to the store) because there is one contract and
/// nothing to configure.
/// </remarks>
public static class SessionRules
{
    /// <summary>Null when <paramref name="batch"/> fits <paramref name="session"/> (or starts it, when the session is null); else why not.</summary>
    public static SessionViolation? Check(SessionSoFar? session, IncomingBatch batch)
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
                return OutOfRange($"batch.sequence: session {info.SessionId} already has all {session.TotalBatches} batches.");
            }
        }

        var (low, high) = Range(session?.SequenceBase, info.TotalBatches);
        return info.Sequence < low || info.Sequence > high
            ? OutOfRange($"batch.sequence: {info.Sequence} is outside this session's range {low}..{high}.")
            : null;
    }

    /// <summary>
    /// The base is learned from the first batch that settles it: sequence 0 means 0-based, sequence
    /// totalBatches means 1-based. Until then both are possible (null).
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

    private static SessionViolation Conflict(string field, string label, long sessionId) =>
        new(field, $"{field}: session {sessionId} was started with a different {label}; every batch of a session must carry the same one.", SessionViolationKind.Conflict);

    private static SessionViolation OutOfRange(string message) => new("batch.sequence", message, SessionViolationKind.OutOfRange);
}

/// <summary>What a session holds so far: the fixed fields of its first batch, how many batches it has, and its sequence base once known.</summary>
public sealed record SessionSoFar(string Name, AudienceType Type, bool DisablePrefix, int TotalBatches, int BatchesSeen, int? SequenceBase);

/// <summary>The fields of a new batch that the session rules look at.</summary>
public sealed record IncomingBatch(string Name, AudienceType Type, bool DisablePrefix, BatchInfo Batch);

/// <summary>Why a batch does not fit its session: the request field at fault, the message the client reads, and which answer it is.</summary>
public sealed record SessionViolation(string Field, string Message, SessionViolationKind Kind);

/// <summary>The two ways a batch can break its session's rules.</summary>
public enum SessionViolationKind
{
    /// <summary>A fixed field differs from the session's first batch (409).</summary>
    Conflict,

    /// <summary>The sequence cannot belong to the session (400).</summary>
    OutOfRange,
}

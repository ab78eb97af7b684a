using AudienceRelay.Core.Contract;

namespace AudienceRelay.Store.Queue;

/// <summary>What storing a batch came to.</summary>
public abstract record AcceptOutcome
{
    private AcceptOutcome()
    {
    }

    /// <summary>The answer to a batch that breaks its session's rules (<see cref="SessionRules"/>).</summary>
    public static AcceptOutcome Rejected(SessionViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return violation.Kind == SessionViolationKind.Conflict ? new Conflict(violation.Field, violation.Message) : new OutOfRange(violation.Message);
    }

    /// <summary>Stored now, with its deliveries.</summary>
    public sealed record Stored(StoredBatch Batch) : AcceptOutcome;

    /// <summary>The same batch was stored before (a client retry): nothing new was created.</summary>
    public sealed record Duplicate(StoredBatch Batch) : AcceptOutcome;

    /// <summary>The key is taken by other content, or the session's fixed fields differ (409).</summary>
    public sealed record Conflict(string Field, string Message) : AcceptOutcome;

    /// <summary>The sequence cannot belong to the session (400).</summary>
    public sealed record OutOfRange(string Message) : AcceptOutcome;
}

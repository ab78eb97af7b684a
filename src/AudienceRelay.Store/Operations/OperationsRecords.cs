namespace AudienceRelay.Store.Operations;

/// <summary>Which sessions to list: any delivery in <see cref="State"/> (at <see cref="Instance"/> when given), created in [From, To).</summary>
public sealed record SessionFilter(string? State = null, string? Instance = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 50);

/// <summary>One session in a list: its fixed fields and, per instance, how many deliveries are in each state.</summary>
public sealed record SessionSummary
{
    public required long SessionId { get; init; }
    public required string Name { get; init; }
    public required string AudienceName { get; init; }
    public required string Type { get; init; }
    public required int TotalBatches { get; init; }
    public required int BatchesReceived { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Instances { get; init; }
}

/// <summary>An operator action as recorded in the session's status: what, when, by which key name, how many deliveries it changed.</summary>
public sealed record OperatorAction(string Action, DateTimeOffset At, string KeyName, long? DeliveryId, int Affected);

/// <summary>One instance's queue: open deliveries (pending, leased) by state, the oldest due time of a pending one, and deliveries ended recently.</summary>
public sealed record InstanceQueue
{
    public required string Instance { get; init; }
    public required IReadOnlyDictionary<string, long> ByState { get; init; }
    public DateTimeOffset? OldestDueAt { get; init; }
    public required long SucceededRecently { get; init; }
    public required long FailedRecently { get; init; }
}

/// <summary>What an operator action did: <see cref="Affected"/> deliveries changed, or why nothing could be.</summary>
public sealed record ActionOutcome(ActionStatus Status, int Affected, string? Reason)
{
    public static ActionOutcome NotFound(string reason) => new(ActionStatus.NotFound, 0, reason);

    public static ActionOutcome Refused(string reason) => new(ActionStatus.Refused, 0, reason);

    public static ActionOutcome Done(int affected) => new(ActionStatus.Done, affected, null);
}

/// <summary>The kinds of <see cref="ActionOutcome"/>.</summary>
public enum ActionStatus
{
    Done,
    NotFound,
    Refused,
}

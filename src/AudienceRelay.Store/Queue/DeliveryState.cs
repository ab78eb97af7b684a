namespace AudienceRelay.Store.Queue;

/// <summary>The states of one delivery (one batch to one provider instance). Stored as lower-case text.</summary>
public enum DeliveryState
{
    /// <summary>Due at <c>next_attempt_at</c>; any worker may claim it then.</summary>
    Pending,

    /// <summary>Claimed by a worker whose lease runs until <c>lease_until</c>.</summary>
    Leased,

    /// <summary>The platform accepted it.</summary>
    Succeeded,

    /// <summary>The platform refused it for a reason a retry cannot fix.</summary>
    Failed,

    /// <summary>Retried until <c>Delivery:MaxAge</c> ran out.</summary>
    Dead,
}

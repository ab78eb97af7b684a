namespace AudienceRelay.Providers.Delivery;

/// <summary>How a platform answered a delivery. Clients return these; they do not throw for expected answers.</summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>The platform took the batch.</summary>
    public sealed record Succeeded(DeliveryCounts Counts) : DeliveryOutcome;

    /// <summary>
    /// Worth another try. <paramref name="After"/> is the platform's own wait hint (Retry-After, Meta's
    /// usage headers), if any; a <paramref name="Throttled"/> answer does not use up an attempt.
    /// </summary>
    public sealed record Retry(string Reason, TimeSpan? After = null, bool Throttled = false) : DeliveryOutcome;

    /// <summary>Refused for a reason a retry cannot fix; <paramref name="Reason"/> carries the platform's message.</summary>
    public sealed record Failed(string Reason) : DeliveryOutcome;

    /// <summary>
    /// Not yet: the delivery waits for more batches of its session (a replace must see the whole
    /// list). It is looked at again when another batch of the session arrives, and does not use up an attempt.
    /// </summary>
    public sealed record Wait(string Reason, TimeSpan Recheck) : DeliveryOutcome;

    /// <summary>
    /// The platform says the audience id this delivery used no longer exists (deleted in the platform's UI,
    /// or a sandbox that forgot it). The engine forgets the remembered id, resolves the name again once
    /// (creating the audience if needed) and delivers again; a second such answer fails the delivery.
    /// </summary>
    public sealed record AudienceGone(string Reason) : DeliveryOutcome;
}

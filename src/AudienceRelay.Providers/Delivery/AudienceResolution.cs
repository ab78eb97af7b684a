namespace AudienceRelay.Providers.Delivery;

/// <summary>The platform audience id, or the outcome to record when it could not be had.</summary>
public sealed record AudienceResolution
{
    public string? AudienceId { get; private init; }
    public bool Created { get; private init; }
    public DeliveryOutcome? Problem { get; private init; }

    public static AudienceResolution Found(string audienceId) => new() { AudienceId = audienceId };

    public static AudienceResolution NewlyCreated(string audienceId) => new() { AudienceId = audienceId, Created = true };

    public static AudienceResolution Unavailable(DeliveryOutcome problem) => new() { Problem = problem };
}

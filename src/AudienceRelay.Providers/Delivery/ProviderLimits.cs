namespace AudienceRelay.Providers.Delivery;

/// <summary>
/// A platform's limits as one instance uses them. Defaults come from the platform; configuration
/// (<c>Providers__{instance}__MaxUsersPerRequest</c>, <c>RequestsPerSecond</c>, <c>Concurrency</c>) overrides.
/// </summary>
public sealed record ProviderLimits
{
    /// <summary>Most users (rows) in one request to the platform.</summary>
    public required int MaxUsersPerRequest { get; init; }

    /// <summary>Requests per second this instance may send.</summary>
    public required double RequestsPerSecond { get; init; }

    /// <summary>Deliveries of this instance worked at once (per node).</summary>
    public required int Concurrency { get; init; }

    /// <summary>Deliveries of one session go one after the other (platform upload sessions).</summary>
    public bool OnePerSession { get; init; }
}

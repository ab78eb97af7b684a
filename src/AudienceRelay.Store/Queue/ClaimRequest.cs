namespace AudienceRelay.Store.Queue;

/// <summary>
/// Claim up to <see cref="Limit"/> due deliveries of one provider instance. With
/// <see cref="OnePerSession"/>, at most one delivery of a session is leased at a time for the
/// instance (platforms with an upload-session concept need them one after the other).
/// </summary>
public sealed record ClaimRequest(string Instance, int Limit, string Owner, TimeSpan LeaseDuration, bool OnePerSession, DateTimeOffset Now);

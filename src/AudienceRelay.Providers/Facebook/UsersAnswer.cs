namespace AudienceRelay.Providers.Facebook;

/// <summary>What Meta answers for an accepted upload request; invalid entries are a per-row warning, not a failure.</summary>
internal sealed record UsersAnswer
{
    public long NumReceived { get; init; }
    public long NumInvalidEntries { get; init; }
}

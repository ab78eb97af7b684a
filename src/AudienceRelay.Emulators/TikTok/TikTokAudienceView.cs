namespace AudienceRelay.Emulators.TikTok;

/// <summary>What the emulator holds for one segment audience, for tests and the sandbox page.</summary>
public sealed record TikTokAudienceView(string AudienceId, string AdvertiserId, string Name, DateTimeOffset CreatedAt, int MemberCount)
{
    /// <summary>The audience type TikTok's list shows ("Partner Audience", "Customer File", "Lookalike", …).</summary>
    public string Kind { get; init; } = "Partner Audience";
}

namespace AudienceRelay.Emulators.TikTok;

/// <summary>What the emulator holds for one segment audience, for tests and the sandbox page.</summary>
public sealed record TikTokAudienceView(string AudienceId, string AdvertiserId, string Name, DateTimeOffset CreatedAt, int MemberCount);

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>What the emulator holds for one list, for tests and the sandbox page.</summary>
public sealed record KlaviyoListView(string Id, string Name, DateTimeOffset Created, int MemberCount);

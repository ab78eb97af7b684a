namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>A bulk profile import job as the emulator holds it.</summary>
public sealed record KlaviyoJobView(
    string Id,
    string Status,
    int TotalCount,
    int CompletedCount,
    int FailedCount,
    IReadOnlyList<string> ListIds,
    int Polls);

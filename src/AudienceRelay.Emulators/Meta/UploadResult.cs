namespace AudienceRelay.Emulators.Meta;

/// <summary>What one <c>/users</c> or <c>/usersreplace</c> request answered; kept per batch so a retried batch gets the same answer.</summary>
internal sealed record UploadResult(
    string AudienceId,
    string SessionId,
    int NumReceived,
    int NumInvalidEntries,
    IReadOnlyDictionary<string, string> InvalidEntrySamples);

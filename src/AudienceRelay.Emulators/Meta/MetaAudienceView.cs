namespace AudienceRelay.Emulators.Meta;

/// <summary>A read-only view of one custom audience held by the emulator.</summary>
public sealed record MetaAudienceView(
    string Id,
    string AdAccountId,
    string Name,
    string? Description,
    string Subtype,
    string CustomerFileSource,
    int OperationStatusCode,
    int MemberCount,
    string? OpenReplaceSessionId,
    DateTimeOffset CreatedAt);

namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>One DMP segment and its members, keyed by (id type, id value). Guarded by the state's lock.</summary>
internal sealed class LinkedInSegment(long id, string accountId, string name, string sourcePlatform, string? sourceSegmentId, string type, DateTimeOffset createdAt)
{
    public long Id { get; } = id;
    public string AccountId { get; } = accountId;
    public string Name { get; } = name;
    public string SourcePlatform { get; } = sourcePlatform;
    public string? SourceSegmentId { get; } = sourceSegmentId;
    public string Type { get; } = type;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public Dictionary<(string IdType, string IdValue), LinkedInMemberView> Members { get; } = [];
    public int RejectedElements { get; set; }

    public LinkedInSegmentView ToView() => new(Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AccountId, Name, SourcePlatform, SourceSegmentId, Type, CreatedAt, Members.Count, RejectedElements);
}

/// <summary>What the emulator holds for one segment, for tests and the sandbox page.</summary>
public sealed record LinkedInSegmentView(
    string Id, string AccountId, string Name, string SourcePlatform, string? SourceSegmentId, string Type, DateTimeOffset CreatedAt, int MemberCount, int RejectedElements);

/// <summary>One member as LinkedIn received it: the identifier, and the raw name and country sent with its last ADD.</summary>
public sealed record LinkedInMemberView(string IdType, string IdValue, string? FirstName, string? LastName, string? Country);

using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>
/// One DMP segment and its members, keyed by (id type, id value). Guarded by the state's lock. A member is held packed: the
/// key as one array (a SHA-256 email as its 32 bytes), the name and country of its last ADD as another
/// (<see cref="PackedFields"/>), shared when none were sent.
/// </summary>
internal sealed class LinkedInSegment(long id, string accountId, string name, string sourcePlatform, string? sourceSegmentId, string type, DateTimeOffset createdAt)
{
    private readonly Dictionary<PackedKey, byte[]> _members = [];

    public long Id { get; } = id;
    public string AccountId { get; } = accountId;
    public string Name { get; } = name;
    public string SourcePlatform { get; } = sourcePlatform;
    public string? SourceSegmentId { get; } = sourceSegmentId;
    public string Type { get; } = type;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    public int RejectedElements { get; set; }

    public int MemberCount => _members.Count;

    /// <summary>Adds the member, or replaces the name and country it was added with.</summary>
    public void Add((string IdType, string IdValue) id, string? firstName, string? lastName, string? country) =>
        _members[Key(id)] = PackedFields.Pack([firstName, lastName, country]);

    public bool Remove((string IdType, string IdValue) id) => _members.Remove(Key(id));

    /// <summary>The members as LinkedIn received them, unpacked, in the dictionary's order.</summary>
    public IEnumerable<LinkedInMemberView> Members()
    {
        foreach (var (key, names) in _members)
        {
            var id = key.ToString();
            var split = id.IndexOf('\0', StringComparison.Ordinal);
            var fields = PackedFields.Unpack(names, 3);
            yield return new LinkedInMemberView(id[..split], id[(split + 1)..], fields[0], fields[1], fields[2]);
        }
    }

    public LinkedInSegmentView ToView() => new(Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AccountId, Name, SourcePlatform, SourceSegmentId, Type, CreatedAt, MemberCount, RejectedElements);

    /// <summary>The id type is one of LinkedIn's fixed names, never containing a NUL, which separates it from the value.</summary>
    private static PackedKey Key((string IdType, string IdValue) id) => PackedKey.Of(id.IdType + "\0" + id.IdValue);
}

/// <summary>What the emulator holds for one segment, for tests and the sandbox page.</summary>
public sealed record LinkedInSegmentView(
    string Id, string AccountId, string Name, string SourcePlatform, string? SourceSegmentId, string Type, DateTimeOffset CreatedAt, int MemberCount, int RejectedElements);

/// <summary>One member as LinkedIn received it: the identifier, and the raw name and country sent with its last ADD.</summary>
public sealed record LinkedInMemberView(string IdType, string IdValue, string? FirstName, string? LastName, string? Country);

using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Snapchat;

/// <summary>One segment and its members, by schema. Guarded by <see cref="SnapchatState"/>'s lock.</summary>
internal sealed class SnapchatSegment(string id, string adAccountId, string name, string? description, string sourceType, int retentionInDays, DateTimeOffset createdAt)
{
    private readonly Dictionary<string, PackedStringSet> _members = new(StringComparer.Ordinal);

    public string Id => id;
    public string AdAccountId => adAccountId;
    public string Name => name;
    public string? Description => description;
    public string SourceType => sourceType;
    public int RetentionInDays => retentionInDays;
    public DateTimeOffset CreatedAt => createdAt;

    public int MemberCount => _members.Values.Sum(m => m.Count);

    public PackedStringSet MembersOf(string schema)
    {
        if (!_members.TryGetValue(schema, out var set))
        {
            _members[schema] = set = new PackedStringSet();
        }

        return set;
    }

    public IEnumerable<(string Schema, string Id)> Sample(int count) =>
        _members.SelectMany(m => m.Value.Select(v => (m.Key, v))).Take(count);
}

/// <summary>A segment as tests and the sandbox page see it.</summary>
public sealed record SnapchatSegmentView(string Id, string AdAccountId, string Name, string SourceType, int RetentionInDays, int MemberCount);

namespace AudienceRelay.Emulators.TikTok;

/// <summary>One segment audience and its members, each member an (id type, hashed id) pair. Guarded by the state's lock.</summary>
internal sealed class TikTokAudience(string id, string advertiserId, string name, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public string AdvertiserId { get; } = advertiserId;

    public string Name { get; } = name;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public HashSet<(string IdType, string Id)> Members { get; } = [];

    public TikTokAudienceView ToView() => new(Id, AdvertiserId, Name, CreatedAt, Members.Count);
}

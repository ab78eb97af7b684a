using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.TikTok;

/// <summary>One segment audience and its members, each member an (id type, hashed id) pair. Guarded by the state's lock.</summary>
internal sealed class TikTokAudience(string id, string advertiserId, string name, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public string AdvertiserId { get; } = advertiserId;

    /// <summary>What TikTok's list calls the partner audiences that the segment API creates and maps ids into.</summary>
    public const string PartnerKind = "Partner Audience";

    public string Name { get; } = name;

    /// <summary>The audience type the list shows: only a <see cref="PartnerKind"/> audience takes mapped ids.</summary>
    public string Kind { get; init; } = PartnerKind;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public PackedPairSet Members { get; } = new();

    public TikTokAudienceView ToView() => new(Id, AdvertiserId, Name, CreatedAt, Members.Count) { Kind = Kind };
}

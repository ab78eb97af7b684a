using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.TikTok;

/// <summary>TikTok's answer envelope: HTTP 200 with <c>code</c> 0 on success, the error code otherwise (providers.md §2.2).</summary>
internal sealed record TikTokEnvelope<T>(int Code, string? Message, T? Data);

internal sealed record TikTokAudienceList(IReadOnlyList<TikTokAudienceItem>? List, TikTokPageInfo? PageInfo);

internal sealed record TikTokAudienceItem(string? AudienceId, string? Name, string? AudienceType);

internal sealed record TikTokPageInfo(int Page, int TotalPage);

internal sealed record TikTokCreated(string? AudienceId);

internal sealed record TikTokCreateRequest(string CustomAudienceName, string AdvertiserId, string Action);

/// <summary>One <c>/segment/mapping/</c> call: each row of <see cref="BatchData"/> is aligned with <see cref="IdSchema"/>.</summary>
internal sealed record TikTokMappingRequest(IReadOnlyList<string> AdvertiserIds, string Action, IReadOnlyList<string> IdSchema, IReadOnlyList<IReadOnlyList<TikTokMappingCell>> BatchData);

/// <summary>A slot of a row; an absent identifier is an empty object <c>{}</c> so the row stays aligned with the schema.</summary>
internal sealed record TikTokMappingCell
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? AudienceIds { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TikTokEnvelope<TikTokAudienceList>))]
[JsonSerializable(typeof(TikTokEnvelope<TikTokCreated>))]
[JsonSerializable(typeof(TikTokEnvelope<JsonElement>))]
[JsonSerializable(typeof(TikTokCreateRequest))]
[JsonSerializable(typeof(TikTokMappingRequest))]
internal sealed partial class TikTokJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.Webhook;

/// <summary>The JSON a webhook receives for one chunk of a batch.</summary>
internal sealed record WebhookPayload(WebhookAudience Audience, WebhookBatch Batch, IReadOnlyList<WebhookUser> Users);

internal sealed record WebhookAudience(string Name, string Type);

internal sealed record WebhookBatch(long SessionId, long Sequence, int TotalBatches, long TotalUsers, int Chunk, int Chunks);

/// <summary>A user's canonical match keys (normalized, not hashed); absent keys are left out.</summary>
internal sealed record WebhookUser
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EdgeTagId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Email { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Phone { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? FirstName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? LastName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Country { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PostalCode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public WebhookPurchase? Purchase { get; init; }
}

internal sealed record WebhookPurchase(string? Currency, decimal? Profit, decimal? Total7Days);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>A JSON:API document with one resource or a list of them (https://developers.klaviyo.com/en/docs/api_overview).</summary>
internal sealed record KlaviyoDocument<T>(T? Data, KlaviyoLinks? Links);

internal sealed record KlaviyoLinks(string? Next);

internal sealed record KlaviyoResource(string? Type, string? Id, JsonElement Attributes);

internal sealed record KlaviyoErrors(IReadOnlyList<KlaviyoErrorItem>? Errors);

internal sealed record KlaviyoErrorItem(string? Code, string? Title, string? Detail);

internal sealed record KlaviyoListAttributes(string Name);

internal sealed record KlaviyoNewList(string Type, KlaviyoListAttributes Attributes);

internal sealed record KlaviyoNewListDocument(KlaviyoNewList Data);

/// <summary>A bulk import job's status; the counts are nullable in Klaviyo's OpenAPI document (null while the job is queued).</summary>
internal sealed record KlaviyoJobAttributes(string? Status, int? TotalCount, int? CompletedCount, int? FailedCount);

/// <summary>One profile of a bulk import; absent values are left out rather than sent empty.</summary>
internal sealed record KlaviyoProfile(string Type, KlaviyoProfileAttributes Attributes);

internal sealed record KlaviyoProfileAttributes
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Email { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PhoneNumber { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ExternalId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? FirstName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? LastName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public KlaviyoLocation? Location { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public KlaviyoProperties? Properties { get; init; }
}

internal sealed record KlaviyoLocation
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Zip { get; init; }
}

/// <summary>Custom profile properties from the upload's purchase data.</summary>
internal sealed record KlaviyoProperties
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PurchaseCurrency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? PurchaseProfit { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("purchase_total_7_days")] public decimal? PurchaseTotal7Days { get; init; }
}

/// <summary>The body of a list relationship change: profile ids only.</summary>
internal sealed record KlaviyoProfileIdentifiers(IReadOnlyList<KlaviyoProfileIdentifier> Data);

internal sealed record KlaviyoProfileIdentifier(string Type, string Id);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KlaviyoDocument<IReadOnlyList<KlaviyoResource>>))]
[JsonSerializable(typeof(KlaviyoDocument<KlaviyoResource>))]
[JsonSerializable(typeof(KlaviyoErrors))]
[JsonSerializable(typeof(KlaviyoNewListDocument))]
[JsonSerializable(typeof(KlaviyoJobAttributes))]
[JsonSerializable(typeof(KlaviyoProfile))]
[JsonSerializable(typeof(KlaviyoProfileIdentifiers))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class KlaviyoJsonContext : JsonSerializerContext;

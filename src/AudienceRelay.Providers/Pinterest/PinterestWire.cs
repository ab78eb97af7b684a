using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.Pinterest;

// Pinterest API v5 (pinterest/api-description v5/openapi.json): customer lists and audiences of an ad account.

/// <summary>A page of a list call: <c>items</c> and the <c>bookmark</c> of the next page (null on the last).</summary>
internal sealed record PinterestPage<T>(IReadOnlyList<T>? Items, string? Bookmark);

internal sealed record PinterestCustomerList(string? Id, string? Name, string? Status, long? NumUploadedUserRecords, long? NumRemovedUserRecords);

internal sealed record PinterestAudience(string? Id, string? Name, string? AudienceType, PinterestRule? Rule, string? Status, long? Size);

internal sealed record PinterestRule(string? CustomerListId);

/// <summary>Create a list: <c>records</c> is one comma-separated string.</summary>
internal sealed record PinterestListCreate(string Name, string Records, string ListType);

/// <summary>ADD or REMOVE records: one comma-separated string.</summary>
internal sealed record PinterestListUpdate(string OperationType, string Records);

internal sealed record PinterestAudienceCreate(string AdAccountId, string Name, PinterestRule Rule, string AudienceType, string Description);

/// <summary>Pinterest's error body: <c>{"code": n, "message": "..."}</c>.</summary>
internal sealed record PinterestError(int? Code, string? Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PinterestPage<PinterestCustomerList>))]
[JsonSerializable(typeof(PinterestPage<PinterestAudience>))]
[JsonSerializable(typeof(PinterestCustomerList))]
[JsonSerializable(typeof(PinterestAudience))]
[JsonSerializable(typeof(PinterestListCreate))]
[JsonSerializable(typeof(PinterestListUpdate))]
[JsonSerializable(typeof(PinterestAudienceCreate))]
[JsonSerializable(typeof(PinterestError))]
internal sealed partial class PinterestJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.Snapchat;

// Snap Marketing API v1 audience segments (https://developers.snap.com/api/marketing-api/Ads-API/customer-lists).

/// <summary>Answer of the segment list, create and get calls: each segment wrapped with its own sub_request_status.</summary>
internal sealed record SnapSegmentsAnswer(string? RequestStatus, IReadOnlyList<SnapSegmentItem>? Segments, SnapPaging? Paging);

internal sealed record SnapSegmentItem(string? SubRequestStatus, SnapSegment? Segment);

internal sealed record SnapSegment(string? Id, string? Name, string? SourceType, string? Status, long? ApproximateNumberUsers);

internal sealed record SnapPaging(string? NextLink);

internal sealed record SnapSegmentsRequest(IReadOnlyList<SnapNewSegment> Segments);

internal sealed record SnapNewSegment(string Name, string Description, string SourceType, int RetentionInDays, string AdAccountId);

/// <summary>
/// Add or remove users: one element in <see cref="Users"/> with one schema (Snap takes one identifier type per
/// request), each data row a one-element array aligned with that schema.
/// </summary>
internal sealed record SnapUsersRequest(IReadOnlyList<SnapUserGroup> Users);

internal sealed record SnapUserGroup(IReadOnlyList<string> Schema, IReadOnlyList<string[]> Data)
{
    /// <summary>The segment id, which Snap's examples repeat inside the object on removals.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }
}

internal sealed record SnapUsersAnswer(string? RequestStatus, IReadOnlyList<SnapUsersItem>? Users);

internal sealed record SnapUsersItem(string? SubRequestStatus, SnapUploaded? User);

internal sealed record SnapUploaded(long? NumberUploadedUsers);

/// <summary>Snap's error body: <c>request_status</c> ERROR with a debug message and a code such as E3002.</summary>
internal sealed record SnapErrorAnswer(string? RequestStatus, string? DebugMessage, string? DisplayMessage, string? ErrorCode);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SnapSegmentsAnswer))]
[JsonSerializable(typeof(SnapSegmentsRequest))]
[JsonSerializable(typeof(SnapUsersRequest))]
[JsonSerializable(typeof(SnapUsersAnswer))]
[JsonSerializable(typeof(SnapErrorAnswer))]
internal sealed partial class SnapchatJsonContext : JsonSerializerContext;

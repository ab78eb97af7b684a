using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.LinkedIn;

/// <summary>LinkedIn's error body: <c>{"status","serviceErrorCode","message"}</c> (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling).</summary>
internal sealed record LinkedInError(int? Status, int? ServiceErrorCode, string? Message, string? Code);

/// <summary>One page of the <c>q=account</c> finder.</summary>
internal sealed record LinkedInSegmentPage(IReadOnlyList<LinkedInSegmentItem>? Elements, LinkedInPaging? Paging);

internal sealed record LinkedInSegmentItem(long? Id, string? Name, string? Type, string? SourceSegmentId);

internal sealed record LinkedInPaging(int Start, int Count, int? Total);

/// <summary>The body that creates an empty DMP segment (https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments).</summary>
internal sealed record LinkedInNewSegment(
    string Name, string SourcePlatform, string SourceSegmentId, string Account, string AccessPolicy, string Type, IReadOnlyList<LinkedInDestination> Destinations);

internal sealed record LinkedInDestination(string Destination);

/// <summary>A <c>BATCH_CREATE</c> on <c>/dmpSegments/{id}/users</c>: one element per user, each ADD or REMOVE.</summary>
internal sealed record LinkedInUsersRequest(IReadOnlyList<LinkedInUserElement> Elements);

internal sealed record LinkedInUserElement(string Action, IReadOnlyList<LinkedInUserId> UserIds)
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Country { get; init; }
}

internal sealed record LinkedInUserId(string IdType, string IdValue);

/// <summary>The answer of a <c>BATCH_CREATE</c>: one status per element, in request order.</summary>
internal sealed record LinkedInBatchAnswer(IReadOnlyList<LinkedInElementStatus>? Elements);

internal sealed record LinkedInElementStatus(int Status, string? Message);

/// <summary>The OAuth token endpoint's answer (RFC 6749 names), success or error.</summary>
internal sealed record LinkedInTokenAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription)
{
    // The generated ToString would print the access token.
    public override string ToString() => $"LinkedInTokenAnswer {{ ExpiresIn = {ExpiresIn}, Error = {Error} }}";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LinkedInError))]
[JsonSerializable(typeof(LinkedInSegmentPage))]
[JsonSerializable(typeof(LinkedInSegmentItem))]
[JsonSerializable(typeof(LinkedInNewSegment))]
[JsonSerializable(typeof(LinkedInUsersRequest))]
[JsonSerializable(typeof(LinkedInBatchAnswer))]
[JsonSerializable(typeof(LinkedInTokenAnswer))]
internal sealed partial class LinkedInJsonContext : JsonSerializerContext;

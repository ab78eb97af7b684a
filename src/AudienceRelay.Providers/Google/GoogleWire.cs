using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.Google;

// The Google Ads API REST shapes this client uses (https://developers.google.com/google-ads/api/rest/overview): JSON
// field names are the proto names in lowerCamelCase, int64 values (ids, membershipLifeSpan) are JSON strings.

/// <summary><c>googleAds:search</c>: one GAQL query, one page at a time (<c>nextPageToken</c>).</summary>
internal sealed record GoogleSearchRequest(string Query, string? PageToken = null);

internal sealed record GoogleSearchResponse(IReadOnlyList<GoogleRow>? Results, string? NextPageToken);

internal sealed record GoogleRow(GoogleUserList? UserList, GoogleJob? OfflineUserDataJob);

internal sealed record GoogleUserList(string? ResourceName, string? Id, string? Name);

internal sealed record GoogleJob(string? ResourceName, string? Id, string? Status, string? FailureReason);

/// <summary><c>userLists:mutate</c> creating one CRM-based (Customer Match) list.</summary>
internal sealed record GoogleUserListMutate(IReadOnlyList<GoogleUserListOperation> Operations);

internal sealed record GoogleUserListOperation(GoogleNewUserList Create);

internal sealed record GoogleNewUserList(string Name, string Description, string MembershipLifeSpan, GoogleCrmList CrmBasedUserList);

internal sealed record GoogleCrmList(string UploadKeyType, string DataSourceType);

internal sealed record GoogleMutateResponse(IReadOnlyList<GoogleMutateResult>? Results);

internal sealed record GoogleMutateResult(string? ResourceName);

/// <summary><c>offlineUserDataJobs:create</c> for a Customer Match list, with the instance's consent.</summary>
internal sealed record GoogleCreateJob(GoogleNewJob Job);

internal sealed record GoogleNewJob(string Type, GoogleCustomerMatchMetadata CustomerMatchUserListMetadata);

internal sealed record GoogleCustomerMatchMetadata(string UserList, GoogleConsent Consent);

internal sealed record GoogleConsent(string AdUserData, string AdPersonalization);

internal sealed record GoogleCreatedJob(string? ResourceName);

/// <summary><c>:addOperations</c>; each operation is exactly one of <c>create</c> or <c>removeAll</c> (never <c>remove</c> here).</summary>
internal sealed record GoogleAddOperations(bool EnablePartialFailure, IReadOnlyList<GoogleJobOperation> Operations);

internal sealed record GoogleJobOperation(GoogleUserData? Create = null, bool? RemoveAll = null);

/// <summary>One person: each identifier in its own <see cref="GoogleUserIdentifier"/>.</summary>
internal sealed record GoogleUserData(IReadOnlyList<GoogleUserIdentifier> UserIdentifiers);

internal sealed record GoogleUserIdentifier(string? HashedEmail = null, string? HashedPhoneNumber = null, GoogleAddressInfo? AddressInfo = null);

internal sealed record GoogleAddressInfo(string HashedFirstName, string HashedLastName, string CountryCode, string PostalCode);

internal sealed record GoogleAddOperationsAnswer(GoogleStatus? PartialFailureError);

/// <summary>The <c>:run</c> answer: a long-running operation, followed through the job's own status instead.</summary>
internal sealed record GoogleRunAnswer(string? Name);

/// <summary>A <c>google.rpc.Status</c>: <c>details</c> carries <c>GoogleAdsFailure</c> objects.</summary>
internal sealed record GoogleStatus(int Code, string? Message, string? Status, IReadOnlyList<GoogleFailure>? Details);

internal sealed record GoogleFailure(IReadOnlyList<GoogleAdsError>? Errors, string? RequestId);

/// <summary>One error: <c>errorCode</c> is a one-member object such as <c>{"databaseError":"CONCURRENT_MODIFICATION"}</c>.</summary>
internal sealed record GoogleAdsError(IReadOnlyDictionary<string, string>? ErrorCode, string? Message, GoogleErrorLocation? Location, GoogleErrorDetails? Details);

internal sealed record GoogleErrorLocation(IReadOnlyList<GoogleFieldPath>? FieldPathElements);

internal sealed record GoogleFieldPath(string? FieldName, int? Index);

internal sealed record GoogleErrorDetails(GoogleQuotaDetails? QuotaErrorDetails);

/// <summary><c>retryDelay</c> is a JSON Duration such as <c>"30s"</c>.</summary>
internal sealed record GoogleQuotaDetails(string? RetryDelay);

internal sealed record GoogleErrorEnvelope(GoogleStatus? Error);

/// <summary>Google's OAuth token endpoint answer (snake_case, RFC 6749 §5.1 and §5.2).</summary>
internal sealed record GoogleTokenAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);

/// <summary>A delivery's saved progress through its job, so a retry resumes instead of uploading again.</summary>
internal sealed record GoogleJobProgress(string ListId, string? Job, int Requests, bool Ran, int Rejected, IReadOnlyDictionary<string, int>? Reasons);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GoogleSearchRequest))]
[JsonSerializable(typeof(GoogleSearchResponse))]
[JsonSerializable(typeof(GoogleUserListMutate))]
[JsonSerializable(typeof(GoogleMutateResponse))]
[JsonSerializable(typeof(GoogleCreateJob))]
[JsonSerializable(typeof(GoogleCreatedJob))]
[JsonSerializable(typeof(GoogleAddOperations))]
[JsonSerializable(typeof(GoogleAddOperationsAnswer))]
[JsonSerializable(typeof(GoogleRunAnswer))]
[JsonSerializable(typeof(GoogleErrorEnvelope))]
[JsonSerializable(typeof(GoogleTokenAnswer))]
[JsonSerializable(typeof(GoogleJobProgress))]
[JsonSerializable(typeof(EmptyBody))]
internal sealed partial class GoogleJsonContext : JsonSerializerContext;

/// <summary>The empty JSON object <c>:run</c> takes.</summary>
internal sealed record EmptyBody;

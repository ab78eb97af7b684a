using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.Facebook;

// Every Graph request and answer the Meta client uses, and its source-generated context. Graph uses snake_case.

/// <summary>
/// The JSON body of <c>POST /{audience_id}/users</c> and <c>/usersreplace</c>: <c>{"payload":{...},"session":{...}}</c>
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users).
/// </summary>
internal sealed record UsersBody(UsersPayload Payload, UsersSession Session);

/// <summary>A multi-key payload: <c>schema</c> names the columns, each <c>data</c> row is aligned with it ("" when unknown).</summary>
internal sealed record UsersPayload(IReadOnlyList<string> Schema, MetaRows.Slice Data);

/// <summary>
/// Meta's session object: one <c>session_id</c> per upload, <c>batch_seq</c> from 1 without gaps, <c>last_batch_flag</c>
/// on the final request only, and the expected number of rows
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/usersreplace).
/// </summary>
internal sealed record UsersSession(long SessionId, long BatchSeq, bool LastBatchFlag, long EstimatedNumTotal);

/// <summary>What Meta answers for an accepted upload request; invalid entries are a per-row warning, not a failure.</summary>
internal sealed record UsersAnswer
{
    public long NumReceived { get; init; }
    public long NumInvalidEntries { get; init; }
}

/// <summary>
/// The body of <c>POST /act_{id}/customaudiences</c> for a customer-file audience
/// (https://developers.facebook.com/docs/marketing-api/reference/ad-account/customaudiences).
/// </summary>
internal sealed record NewAudience(string Name, string Subtype, string CustomerFileSource, string Description, bool? IsValueBased);

/// <summary>Meta's answer to a create: the new audience's id.</summary>
internal sealed record NewAudienceAnswer
{
    public string? Id { get; init; }
}

/// <summary>One page of <c>GET /act_{id}/customaudiences</c>; <see cref="Paging"/>.next is absent on the last page.</summary>
internal sealed record AudiencePage
{
    public IReadOnlyList<AudienceItem>? Data { get; init; }
    public GraphPaging? Paging { get; init; }
}

/// <summary>A custom audience as listed with <c>fields=id,name</c>.</summary>
internal sealed record AudienceItem
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}

/// <summary>Graph cursor paging: <see cref="Next"/> is an absolute URL (https://developers.facebook.com/docs/graph-api/results).</summary>
internal sealed record GraphPaging
{
    public string? Next { get; init; }
}

/// <summary>Graph's error answer: <c>{"error":{...}}</c> (https://developers.facebook.com/docs/graph-api/guides/error-handling).</summary>
internal sealed record GraphErrorEnvelope
{
    public GraphErrorBody? Error { get; init; }
}

/// <summary>
/// The fields of a Graph error we classify on and report. Meta's messages describe the problem, not the uploaded
/// values; fbtrace_id is kept for support requests.
/// </summary>
internal sealed record GraphErrorBody
{
    public string? Message { get; init; }
    public string? Type { get; init; }
    public int Code { get; init; }
    public int? ErrorSubcode { get; init; }
    public string? ErrorUserTitle { get; init; }
    public bool? IsTransient { get; init; }
    public string? FbtraceId { get; init; }
}

/// <summary>
/// Graph's wire types and our saved progress, source-generated. Counts may arrive as numeric strings (the session
/// edge types them so), hence <see cref="JsonNumberHandling.AllowReadingFromString"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsersBody))]
[JsonSerializable(typeof(UsersAnswer))]
[JsonSerializable(typeof(AudiencePage))]
[JsonSerializable(typeof(NewAudience))]
[JsonSerializable(typeof(NewAudienceAnswer))]
[JsonSerializable(typeof(GraphErrorEnvelope))]
[JsonSerializable(typeof(UploadProgress))]
[JsonSerializable(typeof(ReplaceProgress))]
internal sealed partial class FacebookJsonContext : JsonSerializerContext;

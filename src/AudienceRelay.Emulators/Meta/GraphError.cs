namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// One Graph API error as Meta shapes it: <c>{"error":{"message","type","code","error_subcode",...,"fbtrace_id"}}</c>.
/// Meta answers HTTP 400 for nearly every error, throttling included, so a client must classify on
/// <see cref="Code"/> and <see cref="Subcode"/> (https://developers.facebook.com/docs/graph-api/guides/error-handling).
/// Messages never carry the uploaded values.
/// </summary>
internal sealed record GraphError(int Code, string Message, string Type = "OAuthException")
{
    public int? Subcode { get; init; }
    public string? UserTitle { get; init; }
    public string? UserMessage { get; init; }
    public int Status { get; init; } = 400;
    public bool? IsTransient { get; init; }

    public static GraphError MissingToken() =>
        new(104, "An access token is required to request this resource.");

    public static GraphError InvalidToken() =>
        new(190, "Invalid OAuth access token - Cannot parse access token.");

    public static GraphError AppSecretProofRequired() =>
        new(100, "API calls from the server require an appsecret_proof argument", "GraphMethodException");

    public static GraphError InvalidAppSecretProof() =>
        new(100, "Invalid appsecret_proof provided in the API argument", "GraphMethodException");

    public static GraphError NoAdAccountPermission() =>
        new(200, "(#200) Ad account owner has NOT grant ads_management or ads_read permission");

    /// <summary>Meta's answer for an id that does not exist or that the token may not see: they are indistinguishable.</summary>
    public static GraphError UnsupportedRequest(string method, string objectId) =>
        new(100, $"Unsupported {method.ToLowerInvariant()} request. Object with ID '{objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", "GraphMethodException")
        {
            Subcode = 33,
        };

    public static GraphError UnknownPath(string component) =>
        new(2500, $"Unknown path components: /{component}");

    public static GraphError InvalidParameter(string detail) =>
        new(100, $"(#100) {detail}");

    /// <summary>A payload whose schema or row shape Meta cannot read fails the whole request.</summary>
    public static GraphError SchemaMismatch(string detail) =>
        new(100, $"(#100) Data is missing or does not match schema: {detail}")
        {
            UserTitle = "Data is missing or does not match schema",
            UserMessage = detail,
        };

    public static GraphError AliasNotReady() =>
        new(803, "(#803) Some of the aliases you requested do not exist: users");

    public static GraphError ReplaceFirstBatchNotOne() =>
        new(2650, "(#2650) Failed to update the custom audience")
        {
            Subcode = 1870147,
            UserTitle = "Invalid Upload Batch for Replace",
            UserMessage = "The first batch of a replace session was not detected: start the session with batch_seq 1.",
        };

    public static GraphError AudienceBusy() =>
        new(2650, "(#2650) Failed to update the custom audience")
        {
            Subcode = 1870145,
            UserTitle = "Audience Is Being Updated",
            UserMessage = "A replace session is in progress on this audience. Try again after it finishes.",
        };

    public static GraphError SessionRejected(string detail) =>
        new(2650, $"(#2650) Failed to update the custom audience: {detail}");
}

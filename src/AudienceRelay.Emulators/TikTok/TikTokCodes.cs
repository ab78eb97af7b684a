namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// TikTok's return codes, carried in the body of an HTTP 200 answer.
/// See https://business-api.tiktok.com/portal/docs?id=1737172488964097 (providers.md §2.6).
/// </summary>
internal static class TikTokCodes
{
    public const int Ok = 0;
    public const int InvalidParameters = 40000;
    public const int ParameterError = 40002;
    public const int NotFound = 40007;
    public const int TooManyIds = 40011;
    public const int RateLimited = 40100;
    public const int TokenMissing = 40104;
    public const int TokenInvalid = 40105;

    /// <summary>
    /// "The core user is invalid": the token is valid but not authorized for the advertiser. We answer 40106 (not 40001
    /// "no permission") because providers.md §2.6 classes it with the token errors a client must fail and re-auth on.
    /// </summary>
    public const int AdvertiserNotAuthorized = 40106;

    public const int ServiceError = 50000;

    public const string TokenMissingMessage = "Access token is null, you should set it in http header with key Access-Token.";
}

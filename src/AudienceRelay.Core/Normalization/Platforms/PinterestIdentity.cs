namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Pinterest customer lists (<c>list_type</c> EMAIL): "Emails must be lowercase and can be plain text or hashed using
/// SHA1, SHA256, or MD5" (Pinterest's OpenAPI, <c>CustomerListRequest.records</c>). We send SHA-256 of the trimmed,
/// lower-cased email, as lower-case hex: no plain address leaves the service.
/// </summary>
public static class PinterestIdentity
{
    public static string? EmailSha256(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return PlatformText.HashOrPass(keys.Email, keys.EmailIsHashed, cache);
    }

    /// <summary>What a record hashes: " Ann@Example.COM " → "ann@example.com".</summary>
    public static string? NormalizeEmail(string? raw) => EmailRules.Canonicalize(raw).Value;
}

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// TikTok segment mapping (<c>/segment/mapping/</c>, id types <c>EMAIL_SHA256</c> and <c>PHONE_SHA256</c>).
/// <list type="bullet">
/// <item>EMAIL_SHA256: spaces removed, lower-case, and the <c>+tag</c> of the local part removed
/// (<c>+</c> and what follows it up to the <c>@</c>), on every domain, then SHA-256 — TikTok's list of supported
/// IDs and formats for a customer file (https://ads.tiktok.com/help/article/list-of-supported-ids-and-formats-for-a-customer-file,
/// the April and August 2025 versions alike). Dots are kept: TikTok's list does not ask to remove them. Peers
/// differ (one also removes the dots on every domain, one only lower-cases).</item>
/// <item>PHONE_SHA256: country code and number, digits only, no <c>+</c>. TikTok's two guide versions
/// disagree (E.164 with <c>+</c> vs digits only); the guide's own hash example reproduces only for the
/// digits without <c>+</c> (https://ads.tiktok.com/help/article/list-of-supported-ids-and-formats-for-a-customer-file),
/// which is also what Meta and Snapchat take.</item>
/// </list>
/// </summary>
public static class TikTokIdentity
{
    public static string? EmailSha256(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return keys.Email is null || keys.EmailIsHashed ? keys.Email : cache.Sha256Hex(WithoutPlusTag(keys.Email));
    }

    public static string? PhoneSha256(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return keys.PhoneE164 is null ? null
            : keys.PhoneIsHashed ? keys.PhoneE164
            : cache.Text(cache.Sha256OfDigits(keys.PhoneE164));
    }

    /// <summary>What EMAIL_SHA256 hashes: " John.Doe+Shop@Example.COM " → "john.doe@example.com".</summary>
    public static string? NormalizeEmail(string? raw)
    {
        var email = EmailRules.Canonicalize(raw);
        return email.Value is null || email.IsHashed ? email.Value : WithoutPlusTag(email.Value);
    }

    /// <summary>What PHONE_SHA256 hashes: "(657) 777-0000" with "US" → "16577770000".</summary>
    public static string? NormalizePhone(string? raw, string? country) => MetaIdentity.NormalizePhone(raw, country);

    /// <summary>
    /// "jane+news@example.com" → "jane@example.com". A local part that starts with "+" has nothing before it to
    /// keep, so such an address is sent as it is rather than as "@example.com".
    /// </summary>
    private static string WithoutPlusTag(string email)
    {
        var at = email.LastIndexOf('@');
        var plus = at > 0 ? email.IndexOf('+', 0, at) : -1;
        return plus > 0 ? string.Concat(email.AsSpan(0, plus), email.AsSpan(at)) : email;
    }
}

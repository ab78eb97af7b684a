namespace AudienceRelay.Core.Normalization;

/// <summary>
/// TikTok segment mapping (<c>/segment/mapping/</c>, id types <c>EMAIL_SHA256</c> and <c>PHONE_SHA256</c>).
/// <list type="bullet">
/// <item>EMAIL_SHA256: spaces removed, lower-case, SHA-256 — the current customer-file guide
/// (https://ads.tiktok.com/help/article/how-to-create-a-custom-audience-with-a-customer-file).
/// An older version of the guide also dropped <c>+tag</c> and local-part dots; the current one does
/// not, and rewriting addresses on non-gmail domains would change whose address it is, so we do not.
/// Peers differ (one applies the old rewrite to every domain, one only lower-cases).</item>
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
        return PlatformText.HashOrPass(keys.Email, keys.EmailIsHashed, cache);
    }

    public static string? PhoneSha256(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return keys.PhoneE164 is null ? null
            : keys.PhoneIsHashed ? keys.PhoneE164
            : cache.Text(cache.Sha256OfDigits(keys.PhoneE164));
    }

    /// <summary>What EMAIL_SHA256 hashes: " John.Doe@Example.COM " → "john.doe@example.com".</summary>
    public static string? NormalizeEmail(string? raw) => EmailRules.Canonicalize(raw).Value;

    /// <summary>What PHONE_SHA256 hashes: "(657) 777-0000" with "US" → "16577770000".</summary>
    public static string? NormalizePhone(string? raw, string? country) => MetaIdentity.NormalizePhone(raw, country);
}

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Snap Audience Match (<c>/v1/segments/{id}/users</c>, schemas <c>EMAIL_SHA256</c> and <c>PHONE_SHA256</c>),
/// rules from Snap's normalizing guide (https://developers.snap.com/api/marketing-api/Conversions-API/BestPractices,
/// the same rules as marketingapi.snapchat.com #normalizing-hashing):
/// <list type="bullet">
/// <item>EMAIL_SHA256: trimmed, lower-case, SHA-256.</item>
/// <item>PHONE_SHA256: country code included, no leading <c>00</c>, no trunk <c>0</c> of the national
/// number, digits only (no <c>+</c>, spaces, brackets, hyphens): exactly E.164 without the <c>+</c>,
/// since libphonenumber drops the trunk prefix. Peers strip leading zeros before removing non-digits,
/// which keeps the zeros of "+0044...": not copied.</item>
/// </list>
/// </summary>
public static class SnapchatIdentity
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

    public static string? NormalizeEmail(string? raw) => EmailRules.Canonicalize(raw).Value;

    /// <summary>What PHONE_SHA256 hashes: "001 (706) 767-5127" → "17067675127".</summary>
    public static string? NormalizePhone(string? raw, string? country) => MetaIdentity.NormalizePhone(raw, country);
}

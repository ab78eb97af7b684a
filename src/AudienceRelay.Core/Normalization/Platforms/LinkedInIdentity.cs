namespace AudienceRelay.Core.Normalization;

/// <summary>
/// LinkedIn DMP segment users (<c>/rest/dmpSegments/{id}/users</c>,
/// https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-users):
/// <list type="bullet">
/// <item>SHA256_EMAIL: all whitespace removed, lower-case, SHA-256 (our canonical email already is
/// exactly that). Peers differ: one hashes the address as given, without lower-casing.</item>
/// <item>firstName/lastName: raw, at most 35 characters (LinkedIn's documented maximum); a
/// pre-hashed name cannot be sent raw and is left out.</item>
/// <item>country: raw ISO alpha-2.</item>
/// </list>
/// </summary>
public static class LinkedInIdentity
{
    private const int MaxNameLength = 35;

    public static string? Sha256Email(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return PlatformText.HashOrPass(keys.Email, keys.EmailIsHashed, cache);
    }

    public static string? FirstName(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.FirstName is null || keys.FirstNameIsHashed ? null : PlatformText.Truncate(keys.FirstName, MaxNameLength);
    }

    public static string? LastName(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.LastName is null || keys.LastNameIsHashed ? null : PlatformText.Truncate(keys.LastName, MaxNameLength);
    }

    public static string? Country(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.CountryCode;
    }

    /// <summary>What SHA256_EMAIL hashes: " John Doe@Example.com" → "johndoe@example.com".</summary>
    public static string? NormalizeEmail(string? raw) => EmailRules.Canonicalize(raw).Value;
}

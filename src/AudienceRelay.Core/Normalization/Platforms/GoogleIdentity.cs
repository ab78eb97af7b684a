namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Google Ads Customer Match (<c>OfflineUserDataJobService</c> <c>UserIdentifier</c> /
/// <c>OfflineUserAddressInfo</c>): email, phone and names hashed; country code and postal code raw.
/// <list type="bullet">
/// <item>hashedEmail: trimmed lower-case; gmail.com/googlemail.com lose local-part dots and <c>+suffix</c> (<see cref="GoogleIdentityOptions"/>).</item>
/// <item>hashedPhoneNumber: SHA-256 of E.164 <b>with</b> the <c>+</c> — unlike Meta, TikTok and Snapchat
/// (https://developers.google.com/google-ads/api/reference/rpc/v19/UserIdentifier).</item>
/// <item>hashedFirstName: "Lowercase all characters; Remove any extra spaces before, after, and in between":
/// lower-case, trimmed, inner whitespace runs collapsed to one space, punctuation kept.</item>
/// <item>hashedLastName: "lower case only and no punctuation": lower-case, punctuation and symbols removed,
/// whitespace trimmed and collapsed (both rules from
/// https://developers.google.com/google-ads/api/reference/rpc/v26/OfflineUserAddressInfo). Peers differ
/// (one hashes names without lower-casing, one keeps the last name's punctuation).</item>
/// <item>countryCode: ISO alpha-2 upper case; postalCode: canonical, raw.</item>
/// </list>
/// </summary>
public static class GoogleIdentity
{
    public static string? HashedEmail(MatchKeys keys, HashCache cache, GoogleIdentityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        if (keys.Email is null || keys.EmailIsHashed)
        {
            return keys.Email;
        }

        return cache.Sha256Hex(ApplyOptions(keys.Email, options ?? GoogleIdentityOptions.Default));
    }

    /// <summary>SHA-256 of "+16505551212" (with the plus).</summary>
    public static string? HashedPhoneNumber(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return PlatformText.HashOrPass(keys.PhoneE164, keys.PhoneIsHashed, cache);
    }

    public static string? HashedFirstName(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return HashName(keys.FirstName, keys.FirstNameIsHashed, cache);
    }

    public static string? HashedLastName(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        if (keys.LastName is null || keys.LastNameIsHashed)
        {
            return keys.LastName;
        }

        Span<char> buffer = stackalloc char[PlatformText.StackChars];
        var name = keys.LastName;
        var text = 2 * name.Length <= buffer.Length ? buffer : new char[2 * name.Length];
        var length = PlatformText.LowerLettersOnly(name, text);

        // A canonical name always has a letter or digit, so this is never empty; guard anyway: never hash "".
        return length == 0 ? null : cache.Sha256Hex(PlatformText.Compose(text[..length]));
    }

    /// <summary>Raw ISO 3166-1 alpha-2 ("US").</summary>
    public static string? CountryCode(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.CountryCode;
    }

    /// <summary>Raw canonical postal code ("90210", "SW1A1AA").</summary>
    public static string? PostalCode(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.PostalCode;
    }

    /// <summary>Raw edgeTagId, for CRM_ID lists only.</summary>
    public static string? ThirdPartyUserId(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.EdgeTagId;
    }

    /// <summary>What hashedEmail hashes for a raw input.</summary>
    public static string? NormalizeEmail(string? raw, GoogleIdentityOptions? options = null)
    {
        var email = EmailRules.Canonicalize(raw);
        return email.Value is null || email.IsHashed ? email.Value : ApplyOptions(email.Value, options ?? GoogleIdentityOptions.Default);
    }

    /// <summary>What hashedPhoneNumber hashes: "(650) 555-1212" with "US" → "+16505551212".</summary>
    public static string? NormalizePhoneNumber(string? raw, string? country) =>
        PhoneRules.Canonicalize(raw, CountryRules.Canonicalize(country).Value).Value;

    /// <summary>What hashedFirstName hashes: "  Jean-Luc " → "jean-luc".</summary>
    public static string? NormalizeFirstName(string? raw) => LowerName(NameRules.Canonicalize(raw, FieldDrops.FirstNameInvalid));

    /// <summary>What hashedLastName hashes: " O'Brien-Smith " → "obriensmith".</summary>
    public static string? NormalizeLastName(string? raw)
    {
        var name = NameRules.Canonicalize(raw, FieldDrops.LastNameInvalid);
        if (name.Value is null || name.IsHashed)
        {
            return name.Value;
        }

        var buffer = new char[2 * name.Value.Length];
        var length = PlatformText.LowerLettersOnly(name.Value, buffer);
        return length == 0 ? null : PlatformText.Compose(buffer.AsSpan(0, length)).ToString();
    }

    /// <summary>The raw countryCode for an input: "United States" → "US".</summary>
    public static string? NormalizeCountryCode(string? raw) => CountryRules.Canonicalize(raw).Value;

    /// <summary>The raw postalCode for an input: "90210-1234" with "US" → "90210".</summary>
    public static string? NormalizePostalCode(string? raw, string? country) =>
        PostalCodeRules.Canonicalize(raw, CountryRules.Canonicalize(country).Value).Value;

    private static string? LowerName(FieldValue name) =>
        name.Value is null || name.IsHashed ? name.Value : name.Value.ToLowerInvariant();

    private static string? HashName(string? name, bool isHashed, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (name is null || isHashed)
        {
            return name;
        }

        Span<char> buffer = stackalloc char[PlatformText.StackChars];
        var lower = name.Length <= buffer.Length ? buffer[..name.Length] : new char[name.Length];
        name.AsSpan().ToLowerInvariant(lower);
        return cache.Sha256Hex(lower);
    }

    private static string ApplyOptions(string email, GoogleIdentityOptions options)
    {
        if (!options.RemoveGmailDots && !options.RemoveGmailPlusSuffix)
        {
            return email;
        }

        var at = email.LastIndexOf('@');
        var domain = email.AsSpan(at + 1);
        if (at <= 0 || !(domain.SequenceEqual("gmail.com") || domain.SequenceEqual("googlemail.com")))
        {
            return email;
        }

        var local = email.AsSpan(0, at);
        if (options.RemoveGmailPlusSuffix && local.IndexOf('+') is > 0 and var plus)
        {
            local = local[..plus];
        }

        var result = options.RemoveGmailDots ? local.ToString().Replace(".", "", StringComparison.Ordinal) : local.ToString();

        // A local part made only of dots (or "+tag") would leave "@gmail.com": keep the address as given instead.
        return result.Length == 0 ? email : string.Concat(result, email.AsSpan(at));
    }
}

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Klaviyo profiles (<c>/api/profile-bulk-import-jobs</c>): raw values, nothing hashed
/// (https://developers.klaviyo.com/en/reference/bulk_import_profiles). A value the sender gave as a
/// SHA-256 digest cannot be sent raw, so it is left out.
/// <list type="bullet">
/// <item>email: trimmed (our canonical form is also lower-cased; Klaviyo matches addresses
/// case-insensitively). Klaviyo validates the format, so an address without a dotted domain is left
/// out here rather than failing the profile there.</item>
/// <item>phone_number: E.164 with <c>+</c>.</item>
/// <item>first_name/last_name: the canonical (trimmed) name, case kept.</item>
/// <item>location.country: ISO alpha-2 (Klaviyo stores free text); location.zip: canonical postal code.</item>
/// <item>external_id: edgeTagId (Klaviyo allows 255 characters; longer ids are left out).</item>
/// </list>
/// </summary>
public static class KlaviyoIdentity
{
    private const int MaxExternalIdLength = 255;

    public static string? Email(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Email is null || keys.EmailIsHashed)
        {
            return null;
        }

        var domain = keys.Email.AsSpan(keys.Email.LastIndexOf('@') + 1);
        var dot = domain.LastIndexOf('.');
        return dot > 0 && dot < domain.Length - 1 ? keys.Email : null;
    }

    /// <summary>E.164 with <c>+</c> ("+16505551212").</summary>
    public static string? PhoneNumber(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.PhoneIsHashed ? null : keys.PhoneE164;
    }

    public static string? FirstName(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.FirstNameIsHashed ? null : keys.FirstName;
    }

    public static string? LastName(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.LastNameIsHashed ? null : keys.LastName;
    }

    public static string? Country(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.CountryCode;
    }

    public static string? Zip(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.PostalCode;
    }

    public static string? ExternalId(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.EdgeTagId is { Length: <= MaxExternalIdLength } id ? id : null;
    }
}

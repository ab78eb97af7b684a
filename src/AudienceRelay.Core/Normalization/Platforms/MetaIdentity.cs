using System.Collections.ObjectModel;
using System.Globalization;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Meta Custom Audiences (<c>/{audience_id}/users</c>, <c>/usersreplace</c>): multi-key rows aligned
/// with <see cref="Schema"/>; every key hashed except EXTERN_ID and LOOKALIKE_VALUE. Rules from
/// Meta's customer-list formatting table
/// (https://developers.facebook.com/documentation/ads-commerce/marketing-api/audiences/guides/custom-audiences,
/// mirrored at https://help.hcl-software.com/unica/Link/en/12.1.2/Link/Facebook/configure_a_touchpoint_or_process_box.html):
/// EMAIL trimmed lower-case; PHONE digits only with country code, no <c>+</c>, no leading zeros;
/// FN/LN lower-case letters only ("a-z only", no punctuation, so no spaces or digits either, as Meta's own
/// Business SDK strips them), letters of other scripts kept because Meta allows UTF-8 special characters; COUNTRY ISO alpha-2 lower-case;
/// ZIP lower-case without whitespace, US first 5 digits.
/// </summary>
public static class MetaIdentity
{
    private static readonly ReadOnlyCollection<string> BaseSchema =
        Array.AsReadOnly(["EMAIL", "PHONE", "FN", "LN", "COUNTRY", "ZIP", "EXTERN_ID"]);

    private static readonly ReadOnlyCollection<string> ValueSchema =
        Array.AsReadOnly(["EMAIL", "PHONE", "FN", "LN", "COUNTRY", "ZIP", "EXTERN_ID", "LOOKALIKE_VALUE"]);

    /// <summary>The <c>payload.schema</c> array; LOOKALIKE_VALUE only for value-based audiences.</summary>
    public static IReadOnlyList<string> Schema(bool includeLookalikeValue) => includeLookalikeValue ? ValueSchema : BaseSchema;

    /// <summary>One <c>payload.data</c> row aligned with <see cref="Schema"/>; "" for a missing value, as Meta documents for unknown values.</summary>
    public static string[] Row(MatchKeys keys, HashCache cache, bool includeLookalikeValue) =>
        MetaRow.For(keys, cache, includeLookalikeValue).ToCells(cache, includeLookalikeValue);

    public static string? Email(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Text(EmailDigest(keys, cache));
    }

    /// <summary>SHA-256 of the E.164 digits without <c>+</c> ("16505551212").</summary>
    public static string? Phone(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Text(PhoneDigest(keys, cache));
    }

    public static string? FirstName(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Text(NameDigest(keys.FirstName, keys.FirstNameIsHashed, cache));
    }

    public static string? LastName(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Text(NameDigest(keys.LastName, keys.LastNameIsHashed, cache));
    }

    /// <summary>SHA-256 of the lower-case alpha-2 code ("us").</summary>
    public static string? Country(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Text(CountryDigest(keys, cache));
    }

    /// <summary>SHA-256 of the postal code lower-cased without whitespace ("sw1a1aa"; US already 5 digits).</summary>
    public static string? Zip(MatchKeys keys, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Text(ZipDigest(keys, cache));
    }

    /// <summary>EXTERN_ID is sent raw (Meta does not hash it).</summary>
    public static string? ExternId(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.EdgeTagId;
    }

    /// <summary>
    /// LOOKALIKE_VALUE (value-based audiences): a non-negative number, not hashed. Profit when present,
    /// else the 7-day purchase total; a negative value (a loss) is sent as 0, since Meta accepts no
    /// negatives. Invariant culture ("120.5", never "120,5").
    /// </summary>
    public static string? LookalikeValue(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var value = keys.Purchase?.Profit ?? keys.Purchase?.Total7Days;
        return value is null ? null : Math.Max(value.Value, 0m).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>What EMAIL hashes for a raw input (a digest passes through lower-cased); null when absent or dropped.</summary>
    public static string? NormalizeEmail(string? raw) => EmailRules.Canonicalize(raw).Value;

    /// <summary>What PHONE hashes: "(650) 555-1212" with "US" → "16505551212".</summary>
    public static string? NormalizePhone(string? raw, string? country)
    {
        var phone = PhoneRules.Canonicalize(raw, CountryRules.Canonicalize(country).Value);
        return phone.Value is null || phone.IsHashed ? phone.Value : PlatformText.DigitsOnly(phone.Value).ToString();
    }

    /// <summary>What FN hashes: "O'Brien" → "obrien", "Valéry" → "valéry", "Mary Ann" → "maryann".</summary>
    public static string? NormalizeFirstName(string? raw) => NormalizeName(NameRules.Canonicalize(raw, FieldDrops.FirstNameInvalid));

    /// <summary>What LN hashes (same rule as FN).</summary>
    public static string? NormalizeLastName(string? raw) => NormalizeName(NameRules.Canonicalize(raw, FieldDrops.LastNameInvalid));

    /// <summary>What COUNTRY hashes: "United States" → "us".</summary>
    public static string? NormalizeCountry(string? raw) =>
        CountryRules.Canonicalize(raw).Value is { } code ? CountryRules.ToLower(code) : null;

    /// <summary>What ZIP hashes: "90210-1234" with "US" → "90210"; "SW1A 1AA" with "GB" → "sw1a1aa".</summary>
    public static string? NormalizeZip(string? raw, string? country)
    {
        var postal = PostalCodeRules.Canonicalize(raw, CountryRules.Canonicalize(country).Value).Value;
        if (postal is null)
        {
            return null;
        }

        var buffer = new char[postal.Length];
        var length = PlatformText.LowerWithoutWhitespace(postal, buffer);
        return length == 0 ? null : new string(buffer, 0, length);
    }

    private static string? NormalizeName(FieldValue name)
    {
        if (name.Value is null || name.IsHashed)
        {
            return name.Value;
        }

        var buffer = new char[2 * name.Value.Length];
        var length = PlatformText.LowerLettersOnly(name.Value, buffer, lettersOnly: true);
        return length == 0 ? null : PlatformText.Compose(buffer.AsSpan(0, length)).ToString();
    }

    // The digest functions behind both the string cells and MetaRow: one rule per column.
    internal static DigestRef EmailDigest(MatchKeys keys, HashCache cache) =>
        keys.Email is null ? DigestRef.None : keys.EmailIsHashed ? cache.Passed(keys.Email) : cache.Sha256(keys.Email);

    internal static DigestRef PhoneDigest(MatchKeys keys, HashCache cache) =>
        keys.PhoneE164 is null ? DigestRef.None
        : keys.PhoneIsHashed ? cache.Passed(keys.PhoneE164)
        : cache.Sha256OfDigits(keys.PhoneE164);

    internal static DigestRef CountryDigest(MatchKeys keys, HashCache cache) =>
        keys.CountryCode is null ? DigestRef.None : cache.Sha256(CountryRules.ToLower(keys.CountryCode));

    internal static DigestRef ZipDigest(MatchKeys keys, HashCache cache)
    {
        if (keys.PostalCode is null)
        {
            return DigestRef.None;
        }

        Span<char> buffer = stackalloc char[PlatformText.StackChars];
        var zip = keys.PostalCode.Length <= buffer.Length ? buffer : new char[keys.PostalCode.Length];
        var length = PlatformText.LowerWithoutWhitespace(keys.PostalCode, zip);
        return length == 0 ? DigestRef.None : cache.Sha256(zip[..length]);
    }

    internal static DigestRef NameDigest(string? name, bool isHashed, HashCache cache)
    {
        if (name is null)
        {
            return DigestRef.None;
        }

        if (isHashed)
        {
            return cache.Passed(name);
        }

        Span<char> buffer = stackalloc char[PlatformText.StackChars];
        var text = 2 * name.Length <= buffer.Length ? buffer : new char[2 * name.Length];
        var length = PlatformText.LowerLettersOnly(name, text, lettersOnly: true);

        // A canonical name always has a letter or digit, so this is never empty; guard anyway: never hash "".
        return length == 0 ? DigestRef.None : cache.Sha256(PlatformText.Compose(text[..length]));
    }
}

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Why a field that was present in the input was left out after normalization. Flags, because one
/// user can lose several fields. The names carry no personal data, so the server may count and
/// report them ("users skipped and why").
/// </summary>
[Flags]
public enum FieldDrops
{
    None = 0,

    /// <summary>The email has no <c>@</c> with text on both sides.</summary>
    EmailInvalid = 1 << 0,

    /// <summary>The phone could not be parsed, or is not a possible number for its country code.</summary>
    PhoneInvalid = 1 << 1,

    /// <summary>The phone is written nationally (no <c>+</c> or <c>00</c>) and there is no country to read it with.</summary>
    PhoneMissingCountry = 1 << 2,

    /// <summary>The country is neither an ISO 3166-1 alpha-2 or alpha-3 code nor a known English name.</summary>
    CountryUnknown = 1 << 3,

    /// <summary>The postal code does not fit its country's shape (or has characters no postal code has).</summary>
    PostalCodeInvalid = 1 << 4,

    /// <summary>The first name has no letter or digit (e.g. "-" or "...").</summary>
    FirstNameInvalid = 1 << 5,

    /// <summary>The last name has no letter or digit.</summary>
    LastNameInvalid = 1 << 6,
}

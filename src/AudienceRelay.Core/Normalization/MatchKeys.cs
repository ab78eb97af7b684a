using AudienceRelay.Core.Contract;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// One user's canonical match keys, computed once by <see cref="IdentityNormalizer"/> and shared by
/// every platform rule (<c>MetaIdentity</c>, <c>GoogleIdentity</c>, ...). Canonical means
/// platform-neutral: each platform applies its own last step (drop the <c>+</c>, lower-case, remove
/// punctuation, hash) on top. Null means absent or dropped; <see cref="Drops"/> tells which.
/// A class rather than a record on purpose: a record's generated <c>ToString</c> would print
/// personal data into any log line that formats it.
/// </summary>
public sealed class MatchKeys
{
    /// <summary>Whitespace removed, lower-cased (invariant); or the lower-cased digest when <see cref="EmailIsHashed"/>.</summary>
    public string? Email { get; init; }

    /// <summary>The input was already a SHA-256 hex digest; <see cref="Email"/> holds it lower-cased.</summary>
    public bool EmailIsHashed { get; init; }

    /// <summary>E.164 with <c>+</c> (e.g. "+16505551212"); or the lower-cased digest when <see cref="PhoneIsHashed"/>.</summary>
    public string? PhoneE164 { get; init; }

    /// <summary>The input was already a SHA-256 hex digest (of whatever form the sender hashed; passed through unchanged).</summary>
    public bool PhoneIsHashed { get; init; }

    /// <summary>Trimmed, whitespace collapsed, NFC; case and punctuation kept (platform rules lower-case).</summary>
    public string? FirstName { get; init; }

    public bool FirstNameIsHashed { get; init; }

    /// <summary>Same canonical form as <see cref="FirstName"/>.</summary>
    public string? LastName { get; init; }

    public bool LastNameIsHashed { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case (e.g. "US").</summary>
    public string? CountryCode { get; init; }

    /// <summary>Canonical for <see cref="CountryCode"/>: US 5 digits, GB/CA upper case without spaces, else upper case with single spaces.</summary>
    public string? PostalCode { get; init; }

    /// <summary>Trimmed, otherwise as sent.</summary>
    public string? EdgeTagId { get; init; }

    public PurchaseData? Purchase { get; init; }

    /// <summary>Fields that were present but dropped by normalization.</summary>
    public FieldDrops Drops { get; init; }

    /// <summary>At least one of email, phone, edgeTagId survived normalization (a digest counts).</summary>
    public bool IsUsable => Email is not null || PhoneE164 is not null || EdgeTagId is not null;

    public SkipReason SkipReason => IsUsable ? SkipReason.None : SkipReason.NoIdentifier;
}

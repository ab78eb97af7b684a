using AudienceRelay.Core.Contract;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Turns an <see cref="AudienceUser"/> into canonical <see cref="MatchKeys"/>, once per user, for all
/// platforms. Never throws for any field value: a field that cannot be normalized is left out and
/// flagged in <see cref="MatchKeys.Drops"/>; a user without email, phone or edgeTagId is
/// <see cref="SkipReason.NoIdentifier"/>. Thread-safe (no shared mutable state).
/// </summary>
public static class IdentityNormalizer
{
    public static MatchKeys Normalize(AudienceUser user) => Normalize(user, defaultRegion: null);

    /// <summary>
    /// As <see cref="Normalize(AudienceUser)"/>; <paramref name="defaultRegion"/> (a country code or
    /// name) reads national phone numbers and shapes postal codes for users that carry no usable
    /// country. It never fills <see cref="MatchKeys.CountryCode"/>: we do not send a country the
    /// user did not give.
    /// </summary>
    public static MatchKeys Normalize(AudienceUser user, string? defaultRegion)
    {
        ArgumentNullException.ThrowIfNull(user);

        var country = CountryRules.Canonicalize(user.Country);
        var region = country.Value ?? (defaultRegion is null ? null : CountryRules.Canonicalize(defaultRegion).Value);
        var email = EmailRules.Canonicalize(user.Email);
        var phone = PhoneRules.Canonicalize(user.Phone, region);
        var firstName = NameRules.Canonicalize(user.FirstName, FieldDrops.FirstNameInvalid);
        var lastName = NameRules.Canonicalize(user.LastName, FieldDrops.LastNameInvalid);
        var postalCode = PostalCodeRules.Canonicalize(user.PostalCode, region);

        return new MatchKeys
        {
            Email = email.Value,
            EmailIsHashed = email.IsHashed,
            PhoneE164 = phone.Value,
            PhoneIsHashed = phone.IsHashed,
            FirstName = firstName.Value,
            FirstNameIsHashed = firstName.IsHashed,
            LastName = lastName.Value,
            LastNameIsHashed = lastName.IsHashed,
            CountryCode = country.Value,
            PostalCode = postalCode.Value,
            EdgeTagId = string.IsNullOrWhiteSpace(user.EdgeTagId) ? null : user.EdgeTagId.Trim(),
            Purchase = user.Purchase,
            Drops = email.Drop | phone.Drop | firstName.Drop | lastName.Drop | country.Drop | postalCode.Drop,
        };
    }
}

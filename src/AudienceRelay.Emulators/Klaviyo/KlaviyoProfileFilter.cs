namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>Applies a parsed filter to a profile. Emails compare case-insensitively, other identifiers exactly.</summary>
internal static class KlaviyoProfileFilter
{
    public static bool Matches(KlaviyoFilter filter, KlaviyoProfile profile) => filter.Field switch
    {
        "id" => filter.Matches(profile.Id, StringComparison.Ordinal),
        "email" => filter.Matches(profile.Email, StringComparison.OrdinalIgnoreCase),
        _ => filter.Matches(profile.Field(filter.Field), StringComparison.Ordinal),
    };
}

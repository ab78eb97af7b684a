namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// The schema keys Meta documents for <c>/users</c> and <c>/usersreplace</c>
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users,
/// https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences#hash): every personal
/// field must be SHA-256 hashed; EXTERN_ID and MADID are sent raw; EMAIL_SHA256, PHONE_SHA256 and
/// MOBILE_ADVERTISER_ID are the legacy single-key schemas.
/// </summary>
internal static class SchemaKeys
{
    private static readonly Dictionary<string, SchemaKey> All = Build();

    public static SchemaKey? Find(string name) => All.GetValueOrDefault(name);

    private static Dictionary<string, SchemaKey> Build()
    {
        var keys = new List<SchemaKey>
        {
            new("EMAIL", "EMAIL", SchemaKeyFormat.Sha256, Identity: true, Strong: true),
            new("PHONE", "PHONE", SchemaKeyFormat.Sha256, Identity: true, Strong: true),
            new("EXTERN_ID", "EXTERN_ID", SchemaKeyFormat.Raw, Identity: true, Strong: true),
            new("MADID", "MADID", SchemaKeyFormat.Raw, Identity: true, Strong: true),
            new("APPUID", "APPUID", SchemaKeyFormat.Raw, Identity: true, Strong: true),
            new("PAGEUID", "PAGEUID", SchemaKeyFormat.Raw, Identity: true, Strong: true),
            new("LOOKALIKE_VALUE", "LOOKALIKE_VALUE", SchemaKeyFormat.NonNegativeNumber, Identity: false, Strong: false),
            new("DATA_PROCESSING_OPTIONS", "DATA_PROCESSING_OPTIONS", SchemaKeyFormat.OptionList, Identity: false, Strong: false),
            new("DATA_PROCESSING_OPTIONS_COUNTRY", "DATA_PROCESSING_OPTIONS_COUNTRY", SchemaKeyFormat.Integer, Identity: false, Strong: false),
            new("DATA_PROCESSING_OPTIONS_STATE", "DATA_PROCESSING_OPTIONS_STATE", SchemaKeyFormat.Integer, Identity: false, Strong: false),
            new("EMAIL_SHA256", "EMAIL", SchemaKeyFormat.Sha256, Identity: true, Strong: true, LegacySingleKey: true),
            new("PHONE_SHA256", "PHONE", SchemaKeyFormat.Sha256, Identity: true, Strong: true, LegacySingleKey: true),
            new("MOBILE_ADVERTISER_ID", "MADID", SchemaKeyFormat.Raw, Identity: true, Strong: true, LegacySingleKey: true),
        };
        foreach (var name in new[] { "GEN", "DOBY", "DOBM", "DOBD", "LN", "FN", "FI", "CT", "ST", "ZIP", "COUNTRY" })
        {
            keys.Add(new SchemaKey(name, name, SchemaKeyFormat.Sha256, Identity: true, Strong: false));
        }

        return keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
    }
}

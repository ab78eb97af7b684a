using System.Text.Json;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>
/// Builds bulk import bodies (https://developers.klaviyo.com/en/reference/bulk_import_profiles): raw profile values
/// from <see cref="KlaviyoIdentity"/>, split so that no job exceeds the profile count or the byte size Klaviyo allows.
/// </summary>
internal static class KlaviyoImportBody
{
    /// <summary>Room left for the job's envelope (type, list relationship) around the profiles.</summary>
    private const int EnvelopeBytes = 512;

    public static KlaviyoProfile? Profile(MatchKeys keys)
    {
        var attributes = new KlaviyoProfileAttributes
        {
            Email = KlaviyoIdentity.Email(keys),
            PhoneNumber = KlaviyoIdentity.PhoneNumber(keys),
            ExternalId = KlaviyoIdentity.ExternalId(keys),
            FirstName = KlaviyoIdentity.FirstName(keys),
            LastName = KlaviyoIdentity.LastName(keys),
            Location = KlaviyoIdentity.Country(keys) is null && KlaviyoIdentity.Zip(keys) is null
                ? null
                : new KlaviyoLocation { Country = KlaviyoIdentity.Country(keys), Zip = KlaviyoIdentity.Zip(keys) },
            Properties = keys.Purchase is { } p && (p.Currency is not null || p.Profit is not null || p.Total7Days is not null)
                ? new KlaviyoProperties { PurchaseCurrency = p.Currency, PurchaseProfit = p.Profit, PurchaseTotal7Days = p.Total7Days }
                : null,
        };

        // Klaviyo needs one of email, phone_number or external_id to identify the profile.
        return attributes.Email is null && attributes.PhoneNumber is null && attributes.ExternalId is null
            ? null
            : new KlaviyoProfile("profile", attributes);
    }

    /// <summary>Serialized profiles grouped into jobs of at most <paramref name="maxProfiles"/> and <paramref name="maxBytes"/> bytes.</summary>
    public static List<List<byte[]>> Split(IEnumerable<KlaviyoProfile> profiles, int maxProfiles, int maxBytes)
    {
        var jobs = new List<List<byte[]>>();
        var current = new List<byte[]>();
        var size = EnvelopeBytes;
        foreach (var profile in profiles)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(profile, KlaviyoJsonContext.Default.KlaviyoProfile);
            if (current.Count > 0 && (current.Count >= maxProfiles || size + bytes.Length + 1 > maxBytes))
            {
                jobs.Add(current);
                current = [];
                size = EnvelopeBytes;
            }

            current.Add(bytes);
            size += bytes.Length + 1;
        }

        if (current.Count > 0)
        {
            jobs.Add(current);
        }

        return jobs;
    }

    /// <summary>The job document: the profiles as serialized, and the list they join.</summary>
    public static byte[] Job(IReadOnlyList<byte[]> profiles, string listId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data");
            writer.WriteString("type", "profile-bulk-import-job");
            writer.WriteStartObject("attributes");
            writer.WriteStartObject("profiles");
            writer.WriteStartArray("data");
            foreach (var profile in profiles)
            {
                writer.WriteRawValue(profile, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("relationships");
            writer.WriteStartObject("lists");
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("type", "list");
            writer.WriteString("id", listId);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

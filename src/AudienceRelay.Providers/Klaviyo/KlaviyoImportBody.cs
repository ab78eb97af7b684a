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
            // location.country is left out: Klaviyo's schema types it as a country name ("United States"), and we hold an
            // ISO code only (docs/providers/klaviyo.md, "location.country").
            Location = KlaviyoIdentity.Zip(keys) is { } zip ? new KlaviyoLocation { Zip = zip } : null,
            Properties = keys.Purchase is { } p && (p.Currency is not null || p.Profit is not null || p.Total7Days is not null)
                ? new KlaviyoProperties { PurchaseCurrency = p.Currency, PurchaseProfit = p.Profit, PurchaseTotal7Days = p.Total7Days }
                : null,
        };

        // Klaviyo needs one of email, phone_number or external_id to identify the profile.
        return attributes.Email is null && attributes.PhoneNumber is null && attributes.ExternalId is null
            ? null
            : new KlaviyoProfile("profile", attributes);
    }

    /// <summary>
    /// The next job from <paramref name="offset"/>: serialized profiles, at most <paramref name="maxProfiles"/> and
    /// <paramref name="maxBytes"/> bytes in all (always at least one), and how many it took.
    /// </summary>
    public static (List<byte[]> Profiles, int Count) Next(IReadOnlyList<KlaviyoProfile> profiles, int offset, int maxProfiles, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var job = new List<byte[]>();
        var size = EnvelopeBytes;
        for (var i = offset; i < profiles.Count && job.Count < maxProfiles; i++)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(profiles[i], KlaviyoJsonContext.Default.KlaviyoProfile);
            if (job.Count > 0 && size + bytes.Length + 1 > maxBytes)
            {
                break;
            }

            job.Add(bytes);
            size += bytes.Length + 1;
        }

        return (job, job.Count);
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

using System.Globalization;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>
/// <c>Type=klaviyo</c>: upserts raw profiles into a Klaviyo list, found or created by name, with bulk import jobs
/// under the private <c>ApiKey</c> (docs/providers/klaviyo.md).
/// </summary>
public sealed class KlaviyoProviderFactory : IProviderFactory
{
    public const string DefaultBaseUrl = "https://a.klaviyo.com";
    public const string DefaultRevision = "2025-01-15";

    /// <summary>Klaviyo's cap on one bulk import body ("5MB", read as 5,000,000 bytes, the stricter reading).</summary>
    public const int MaxImportBytes = 5_000_000;

    public string Type => "klaviyo";

    // Bulk import: ≤ 10,000 profiles per job; 10/s burst, 150/min steady (https://developers.klaviyo.com/en/reference/bulk_import_profiles).
    // One delivery of a session at a time: the last one of a primary session must see every other one ended.
    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 10_000, RequestsPerSecond = 2, Concurrency = 2, OnePerSession = true };

    public IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Get("ApiKey") is null)
        {
            yield return $"{settings.Name("ApiKey")}: is required (a private API key with lists and profiles read/write scopes).";
        }

        if (settings.Get("Revision") is { } revision && !DateOnly.TryParseExact(revision.Split('.')[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            yield return $"{settings.Name("Revision")}: must be an API revision date, YYYY-MM-DD.";
        }

        if (settings.Get("SmsEnabled") is { } sms && !bool.TryParse(sms.Trim(), out _))
        {
            yield return $"{settings.Name("SmsEnabled")}: must be true or false (true only when the Klaviyo account has SMS set up).";
        }

        foreach (var (key, min, max) in new[] { ("MaxImportBytes", 1_000, MaxImportBytes), ("ImportPollSeconds", 0, 600), ("ImportMaxPolls", 1, 1_000) })
        {
            if (settings.Get(key) is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max))
            {
                yield return $"{settings.Name(key)}: must be a whole number from {min} to {max}.";
            }
        }
    }

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        return new KlaviyoProvider(settings, new KlaviyoClient(settings, http, time), loggers.CreateLogger<KlaviyoProvider>());
    }
}

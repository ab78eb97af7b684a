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
    public const string DefaultBaseUrl = KlaviyoSettings.DefaultBaseUrl;
    public const string DefaultRevision = KlaviyoSettings.DefaultRevision;

    /// <summary>Klaviyo's cap on one bulk import body ("5MB", read as 5,000,000 bytes, the stricter reading).</summary>
    public const int MaxImportBytes = KlaviyoSettings.MaxImportBytesLimit;

    public string Type => "klaviyo";

    // Bulk import: ≤ 10,000 profiles per job; 10/s burst, 150/min steady (https://developers.klaviyo.com/en/reference/bulk_import_profiles).
    // One delivery of a session at a time: the last one of a primary session must see every other one ended.
    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 10_000, RequestsPerSecond = 2, Concurrency = 2, OnePerSession = true };

    public IEnumerable<string> Validate(ProviderSettings settings) => KlaviyoSettings.Validate(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var typed = KlaviyoSettings.From(settings);
        return new KlaviyoProvider(typed, new KlaviyoClient(typed, http, time), loggers.CreateLogger<KlaviyoProvider>());
    }
}

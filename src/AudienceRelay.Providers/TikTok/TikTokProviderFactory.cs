using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.TikTok;

/// <summary>
/// <c>Type=tiktok</c>: adds hashed emails and phones to a TikTok segment audience of <c>AdvertiserId</c>, found or
/// created by name, with the long-term <c>AccessToken</c> (docs/providers/tiktok.md).
/// </summary>
public sealed class TikTokProviderFactory : IProviderFactory
{
    public const string DefaultBaseUrl = TikTokSettings.DefaultBaseUrl;

    public string Type => "tiktok";

    // TikTok publishes no row limit for /segment/mapping/ (providers.md §2.4); 10,000 is our assumption, configurable.
    // One delivery of a session at a time: the last one of a primary session must see every other one ended
    // (two running at once would each see the other open, and neither would remove the members who left).
    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 10_000, RequestsPerSecond = 10, Concurrency = 2, OnePerSession = true };

    public IEnumerable<string> Validate(ProviderSettings settings) => TikTokSettings.Validate(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var typed = TikTokSettings.From(settings);
        return new TikTokProvider(typed, new TikTokClient(typed, http, time), loggers.CreateLogger<TikTokProvider>());
    }
}

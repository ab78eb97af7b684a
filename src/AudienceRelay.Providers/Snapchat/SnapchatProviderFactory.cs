using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Snapchat;

/// <summary>
/// <c>Type=snapchat</c>: adds hashed emails and phones to a Snap Audience Match segment of <c>AdAccountId</c>, found or
/// created by name, with an access token refreshed from <c>ClientId</c>, <c>ClientSecret</c> and <c>RefreshToken</c>
/// at <c>TokenUrl</c> (docs/providers/snapchat.md).
/// </summary>
public sealed class SnapchatProviderFactory : IProviderFactory
{
    public string Type => "snapchat";

    // "a maximum of 100,000 identifiers/request" (Snap's Audience Match guide, providers.md §5). Snap's rate limit is an
    // average of 10 requests per second per access token (https://developers.snap.com/api/marketing-api/Ads-API/rate-limits).
    // One delivery of a session at a time: the last one of a primary session must see every other one ended.
    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 100_000, RequestsPerSecond = 10, Concurrency = 2, OnePerSession = true };

    public IEnumerable<string> Validate(ProviderSettings settings) => SnapchatSettings.Validate(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var typed = SnapchatSettings.From(settings);
        var logger = loggers.CreateLogger<SnapchatProviderFactory>();
        return new SnapchatProvider(typed, new SnapchatClient(typed, http, time, logger), settings.Limits, logger);
    }
}

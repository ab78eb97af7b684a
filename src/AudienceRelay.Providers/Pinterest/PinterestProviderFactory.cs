using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Pinterest;

/// <summary>
/// <c>Type=pinterest</c>: adds hashed emails to a Pinterest customer list of <c>AdAccountId</c> (found or created by
/// name, with its CUSTOMER_LIST audience), with a fixed <c>AccessToken</c> or one refreshed from <c>ClientId</c>,
/// <c>ClientSecret</c> and <c>RefreshToken</c> at <c>TokenUrl</c> (docs/providers/pinterest.md).
/// </summary>
public sealed class PinterestProviderFactory : IProviderFactory
{
    public string Type => "pinterest";

    // Pinterest's OpenAPI gives no records-per-call limit; 50,000 is the only published figure found (a third-party
    // tool's, providers.md §6) and lower values are configurable. One delivery of a session at a time: the last one of
    // a primary session must see every other one ended.
    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 50_000, RequestsPerSecond = 5, Concurrency = 2, OnePerSession = true };

    public IEnumerable<string> Validate(ProviderSettings settings) => PinterestSettings.Validate(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var typed = PinterestSettings.From(settings);
        var logger = loggers.CreateLogger<PinterestProviderFactory>();
        return new PinterestProvider(typed, new PinterestClient(typed, http, time, logger), settings.Limits, logger);
    }
}

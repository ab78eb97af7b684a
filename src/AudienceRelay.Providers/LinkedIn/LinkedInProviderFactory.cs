using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.LinkedIn;

/// <summary>
/// <c>Type=linkedin</c>: streams hashed emails (with raw names and country) into a DMP segment of the sponsored account
/// <c>AdAccountId</c>, found or created by name, with <c>AccessToken</c> or the refresh trio (docs/providers/linkedin.md).
/// </summary>
public sealed class LinkedInProviderFactory : IProviderFactory
{
    public string Type => "linkedin";

    // 5,000 elements per BATCH_CREATE (the size peers use; LinkedIn publishes no larger figure); /users allows 600
    // requests a minute per member (https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-users).
    // One delivery of a session at a time: the last one of a primary session must see every other one ended.
    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 5_000, RequestsPerSecond = 8, Concurrency = 2, OnePerSession = true };

    public IEnumerable<string> Validate(ProviderSettings settings) => LinkedInSettings.Problems(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var typed = LinkedInSettings.From(settings);
        var logger = loggers.CreateLogger<LinkedInProviderFactory>();
        var client = new LinkedInClient(typed, http, new LinkedInTokens(typed, http, time, logger), time, logger);
        return new LinkedInProvider(typed, settings.Limits, client, logger);
    }
}

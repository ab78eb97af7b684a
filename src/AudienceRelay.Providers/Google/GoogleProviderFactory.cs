using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Google;

/// <summary>
/// <c>Type=google</c>: Customer Match lists of <c>CustomerId</c>, found or created by name, filled with OfflineUserDataJobs
/// under the OAuth refresh token and developer token (docs/providers/google.md).
/// </summary>
public sealed class GoogleProviderFactory : IProviderFactory
{
    public string Type => "google";

    // 100,000 identifiers per addOperations request (TOO_MANY_USER_IDENTIFIERS above); people are at most that many too.
    // One delivery of a session at a time: a primary session's replace job must be run by exactly one, the last open one.
    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 100_000, RequestsPerSecond = 5, Concurrency = 2, OnePerSession = true };

    public IEnumerable<string> Validate(ProviderSettings settings) => GoogleSettings.Validate(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var google = GoogleSettings.From(settings);
        var logger = loggers.CreateLogger<GoogleProvider>();
        var client = new GoogleClient(google, http, new GoogleTokens(google, http, time, logger), time, logger);
        return new GoogleProvider(client, settings.Limits, logger);
    }
}

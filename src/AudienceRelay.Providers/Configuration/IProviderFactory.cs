using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Configuration;

/// <summary>Builds the clients of one platform type and checks their settings at start.</summary>
public interface IProviderFactory
{
    /// <summary>The <c>Type</c> value that selects this factory (<c>facebook</c>, <c>webhook</c>, …).</summary>
    string Type { get; }

    /// <summary>The platform's documented limits, before per-instance overrides.</summary>
    ProviderLimits DefaultLimits { get; }

    /// <summary>Every problem with the settings, each naming the full setting (e.g. <c>Providers:fb_us:AccessToken</c>).</summary>
    IEnumerable<string> Validate(ProviderSettings settings);

    /// <summary>Creates the client. <paramref name="http"/> already has the instance's rate limit and timeouts.</summary>
    IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers);
}

using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// <c>Type=facebook</c>: Meta Custom Audiences through the Graph API. Settings: <c>AccessToken</c> and
/// <c>AdAccountId</c> (required), <c>ApiVersion</c> (v25.0), <c>AppSecret</c> (adds <c>appsecret_proof</c>),
/// <c>CustomerFileSource</c> (USER_PROVIDED_ONLY), <c>ValueBased</c> (false). See docs/providers/facebook.md.
/// </summary>
public sealed class FacebookProviderFactory : IProviderFactory
{
    public string Type => "facebook";

    /// <summary>
    /// Meta takes at most 10,000 rows per <c>/users</c> or <c>/usersreplace</c> request
    /// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users). Deliveries of one
    /// session go one at a time: Meta's session counts batches in order (<c>batch_seq</c>).
    /// </summary>
    public ProviderLimits DefaultLimits { get; } = new()
    {
        MaxUsersPerRequest = 10_000,
        RequestsPerSecond = 10,
        Concurrency = 4,
        OnePerSession = true,
    };

    public IEnumerable<string> Validate(ProviderSettings settings) => FacebookSettings.Validate(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var options = FacebookSettings.From(settings);
        return new FacebookProvider(options, settings.Limits, new FacebookClient(http, options, time), loggers.CreateLogger<FacebookProvider>());
    }
}

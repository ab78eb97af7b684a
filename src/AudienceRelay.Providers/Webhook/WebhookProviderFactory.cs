using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Webhook;

/// <summary>
/// <c>Type=webhook</c>: POSTs each batch's normalized users as JSON to <c>Url</c>, signed with
/// HMAC-SHA256 under <c>Secret</c>.
/// </summary>
public sealed class WebhookProviderFactory : IProviderFactory
{
    public string Type => "webhook";

    public ProviderLimits DefaultLimits { get; } = new() { MaxUsersPerRequest = 10_000, RequestsPerSecond = 50, Concurrency = 4 };

    public IEnumerable<string> Validate(ProviderSettings settings) => WebhookSettings.Validate(settings);

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        return new WebhookProvider(WebhookSettings.From(settings), http, time, loggers.CreateLogger<WebhookProvider>());
    }
}

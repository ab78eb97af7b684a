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

    public IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var url = settings.Get("Url");
        if (url is null)
        {
            yield return $"{settings.Name("Url")}: is required (where to POST each batch).";
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{settings.Name("Url")}: must be an absolute http or https URL.";
        }

        if (settings.Get("Secret") is not { Length: >= 16 })
        {
            yield return $"{settings.Name("Secret")}: is required, at least 16 characters (the HMAC key that signs each request).";
        }
    }

    public IAudienceProvider Create(ProviderSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        return new WebhookProvider(settings, http, time, loggers.CreateLogger<WebhookProvider>());
    }
}

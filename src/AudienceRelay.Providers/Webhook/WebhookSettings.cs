using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Webhook;

/// <summary>
/// One webhook instance's settings, checked by <see cref="Validate"/> at start and read by <see cref="From"/>: the
/// <c>Url</c> each batch is POSTed to and the <c>Secret</c> that signs it. Messages name the full setting and never
/// repeat a value (the secret is a secret, the URL may carry one).
/// </summary>
internal sealed record WebhookSettings
{
    /// <summary>An HMAC-SHA256 key shorter than this is too easy to guess.</summary>
    public const int MinSecretLength = 16;

    public required string Instance { get; init; }
    public required Uri Url { get; init; }
    public required string Secret { get; init; }
    public required ProviderLimits Limits { get; init; }

    public static IEnumerable<string> Validate(ProviderSettings settings)
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

        if (settings.Get("Secret") is not { Length: >= MinSecretLength })
        {
            yield return $"{settings.Name("Secret")}: is required, at least {MinSecretLength} characters (the HMAC key that signs each request).";
        }
    }

    /// <summary>Reads settings that <see cref="Validate"/> accepted.</summary>
    public static WebhookSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new WebhookSettings
        {
            Instance = settings.Instance,
            Url = new Uri(settings.Require("Url")),
            Secret = settings.Require("Secret"),
            Limits = settings.Limits,
        };
    }
}

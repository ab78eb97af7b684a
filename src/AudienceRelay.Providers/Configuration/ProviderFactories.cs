using AudienceRelay.Providers.Facebook;
using AudienceRelay.Providers.Google;
using AudienceRelay.Providers.Klaviyo;
using AudienceRelay.Providers.LinkedIn;
using AudienceRelay.Providers.Pinterest;
using AudienceRelay.Providers.Snapchat;
using AudienceRelay.Providers.TikTok;
using AudienceRelay.Providers.Webhook;

namespace AudienceRelay.Providers.Configuration;

/// <summary>Every provider type this build has a client for.</summary>
public static class ProviderFactories
{
    public static IReadOnlyList<IProviderFactory> All { get; } =
    [
        new FacebookProviderFactory(),
        new TikTokProviderFactory(),
        new KlaviyoProviderFactory(),
        new LinkedInProviderFactory(),
        new WebhookProviderFactory(),
        new SnapchatProviderFactory(),
        new PinterestProviderFactory(),
        new GoogleProviderFactory(),
    ];
}

using AudienceRelay.Providers.Webhook;

namespace AudienceRelay.Providers.Configuration;

/// <summary>Every provider type this build has a client for.</summary>
public static class ProviderFactories
{
    public static IReadOnlyList<IProviderFactory> All { get; } =
    [
        new WebhookProviderFactory(),
    ];
}

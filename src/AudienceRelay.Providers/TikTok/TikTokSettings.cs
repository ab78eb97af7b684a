using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.TikTok;

/// <summary>
/// One TikTok instance's settings, checked by <see cref="Validate"/> at start and read by <see cref="From"/>:
/// the long-term <c>AccessToken</c> and the <c>AdvertiserId</c> that owns the audiences. Messages name the full
/// setting and never repeat a value.
/// </summary>
internal sealed record TikTokSettings
{
    public const string DefaultBaseUrl = "https://business-api.tiktok.com";

    public required string Instance { get; init; }
    public required string AccessToken { get; init; }
    public required string AdvertiserId { get; init; }
    public required Uri BaseUrl { get; init; }
    public required ProviderLimits Limits { get; init; }

    public static IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Get("AccessToken") is null)
        {
            yield return $"{settings.Name("AccessToken")}: is required (the long-term token sent as Access-Token).";
        }

        if (settings.Get("AdvertiserId") is null)
        {
            yield return $"{settings.Name("AdvertiserId")}: is required (the ad account that owns the audiences).";
        }
    }

    /// <summary>Reads settings that <see cref="Validate"/> accepted.</summary>
    public static TikTokSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TikTokSettings
        {
            Instance = settings.Instance,
            AccessToken = settings.Require("AccessToken"),
            AdvertiserId = settings.Require("AdvertiserId"),
            BaseUrl = settings.BaseUrlOr(DefaultBaseUrl),
            Limits = settings.Limits,
        };
    }
}

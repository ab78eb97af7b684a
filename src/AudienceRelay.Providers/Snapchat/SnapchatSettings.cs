using System.Globalization;
using AudienceRelay.Providers.Configuration;

namespace AudienceRelay.Providers.Snapchat;

/// <summary>
/// One Snapchat instance's settings, checked by <see cref="Validate"/> at start and read by <see cref="From"/>. Messages
/// name the full setting and never repeat a value (the client secret and the refresh token are secrets).
/// </summary>
internal sealed record SnapchatSettings
{
    public const string DefaultBaseUrl = "https://adsapi.snapchat.com";
    public const string DefaultTokenUrl = "https://accounts.snapchat.com/login/oauth2/access_token";

    /// <summary>Snap's "lifetime" retention (https://developers.snap.com/api/marketing-api/Ads-API/customer-lists).</summary>
    public const int LifetimeRetention = 9999;

    public required string Instance { get; init; }
    public required string AdAccountId { get; init; }
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    public required string RefreshToken { get; init; }
    public required Uri BaseUrl { get; init; }
    public required Uri TokenUrl { get; init; }
    public required int RetentionInDays { get; init; }

    public static IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var account = settings.Get("AdAccountId");
        if (account is null)
        {
            yield return $"{settings.Name("AdAccountId")}: is required (the Snap ad account id, a UUID).";
        }
        else if (!Guid.TryParseExact(account.Trim(), "D", out _))
        {
            yield return $"{settings.Name("AdAccountId")}: must be the Snap ad account id, a UUID such as 8adc3db7-8148-4fbf-999c-8d2266369d74.";
        }

        foreach (var (key, what) in new[] { ("ClientId", "the OAuth app's client id"), ("ClientSecret", "the OAuth app's client secret"), ("RefreshToken", "a refresh token of a user with access to the ad account") })
        {
            if (settings.Get(key) is null)
            {
                yield return $"{settings.Name(key)}: is required ({what}).";
            }
        }

        if (settings.Get("TokenUrl") is { } tokenUrl && !IsHttpUrl(tokenUrl))
        {
            yield return $"{settings.Name("TokenUrl")}: must be an absolute http or https URL.";
        }

        if (settings.Get("RetentionInDays") is { } retention
            && (!int.TryParse(retention, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > LifetimeRetention))
        {
            yield return $"{settings.Name("RetentionInDays")}: must be a whole number from 1 to {LifetimeRetention} (9999 keeps members for life).";
        }
    }

    public static SnapchatSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SnapchatSettings
        {
            Instance = settings.Instance,
            AdAccountId = settings.Require("AdAccountId").Trim().ToLowerInvariant(),
            ClientId = settings.Require("ClientId").Trim(),
            ClientSecret = settings.Require("ClientSecret").Trim(),
            RefreshToken = settings.Require("RefreshToken").Trim(),
            BaseUrl = settings.BaseUrlOr(DefaultBaseUrl),
            TokenUrl = new Uri(settings.Get("TokenUrl") ?? DefaultTokenUrl),
            RetentionInDays = settings.Get("RetentionInDays") is { } days ? int.Parse(days, CultureInfo.InvariantCulture) : LifetimeRetention,
        };
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

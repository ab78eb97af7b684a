using AudienceRelay.Providers.Configuration;

namespace AudienceRelay.Providers.Pinterest;

/// <summary>
/// One Pinterest instance's settings: <c>AdAccountId</c>, and either a fixed <c>AccessToken</c> or the refresh trio
/// <c>ClientId</c>, <c>ClientSecret</c>, <c>RefreshToken</c> (used when complete). Messages name the full setting and
/// never repeat a value.
/// </summary>
internal sealed record PinterestSettings
{
    public const string DefaultBaseUrl = "https://api.pinterest.com";
    public const string DefaultTokenUrl = "https://api.pinterest.com/v5/oauth/token";

    private static readonly string[] Trio = ["ClientId", "ClientSecret", "RefreshToken"];

    public required string Instance { get; init; }
    public required string AdAccountId { get; init; }
    public string? AccessToken { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? RefreshToken { get; init; }
    public required Uri BaseUrl { get; init; }
    public required Uri TokenUrl { get; init; }

    /// <summary>The refresh trio is configured: tokens come from <see cref="TokenUrl"/>.</summary>
    public bool Refreshes => RefreshToken is not null;

    public static IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var account = settings.Get("AdAccountId")?.Trim();
        if (account is null)
        {
            yield return $"{settings.Name("AdAccountId")}: is required (the Pinterest ad account id, digits).";
        }
        else if (!account.All(char.IsAsciiDigit))
        {
            yield return $"{settings.Name("AdAccountId")}: must be the Pinterest ad account id, digits only (e.g. 549755885175).";
        }

        var given = Trio.Where(k => settings.Get(k) is not null).ToList();
        if (given.Count is > 0 and < 3)
        {
            foreach (var missing in Trio.Except(given))
            {
                yield return $"{settings.Name(missing)}: is required with {string.Join(" and ", given)} (ClientId, ClientSecret and RefreshToken go together).";
            }
        }
        else if (given.Count == 0 && settings.Get("AccessToken") is null)
        {
            yield return $"{settings.Name("AccessToken")}: is required (an access token with ads:read and ads:write), unless ClientId, ClientSecret and RefreshToken are set.";
        }

        if (settings.Get("TokenUrl") is { } tokenUrl && !(Uri.TryCreate(tokenUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"{settings.Name("TokenUrl")}: must be an absolute http or https URL.";
        }
    }

    public static PinterestSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var refreshes = settings.Get("RefreshToken") is not null;
        return new PinterestSettings
        {
            Instance = settings.Instance,
            AdAccountId = settings.Require("AdAccountId").Trim(),
            AccessToken = refreshes ? null : settings.Require("AccessToken").Trim(),
            ClientId = refreshes ? settings.Require("ClientId").Trim() : null,
            ClientSecret = refreshes ? settings.Require("ClientSecret").Trim() : null,
            RefreshToken = refreshes ? settings.Require("RefreshToken").Trim() : null,
            BaseUrl = settings.BaseUrlOr(DefaultBaseUrl),
            TokenUrl = new Uri(settings.Get("TokenUrl") ?? DefaultTokenUrl),
        };
    }
}

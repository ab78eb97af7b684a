using System.Globalization;
using AudienceRelay.Providers.Configuration;

namespace AudienceRelay.Providers.LinkedIn;

/// <summary>
/// One <c>Type=linkedin</c> instance's settings, read and checked once at start. Credentials are either a fixed
/// <c>AccessToken</c> or the refresh trio (<c>ClientId</c>, <c>ClientSecret</c>, <c>RefreshToken</c>) used at
/// <c>TokenUrl</c>; with both, the access token is used until LinkedIn refuses it (docs/providers/linkedin.md).
/// </summary>
internal sealed record LinkedInSettings
{
    public const string DefaultBaseUrl = "https://api.linkedin.com";
    public const string DefaultTokenUrl = "https://www.linkedin.com/oauth/v2/accessToken";

    /// <summary>
    /// July 2026, the newest Marketing version our sources confirm; LinkedIn keeps each monthly version for at least
    /// a year (https://learn.microsoft.com/en-us/linkedin/marketing/versioning), so it runs to mid-2027.
    /// </summary>
    public const string DefaultVersion = "202607";

    /// <summary>LinkedIn assigns each approved partner its own enum; this is only a placeholder until one is configured.</summary>
    public const string DefaultSourcePlatform = "BLOTOUT";

    private static readonly string[] RefreshKeys = ["ClientId", "ClientSecret", "RefreshToken"];

    public required string Instance { get; init; }
    public required Uri BaseUrl { get; init; }
    public required string AdAccountId { get; init; }
    public required string Version { get; init; }
    public required string SourcePlatform { get; init; }
    public string? AccessToken { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? RefreshToken { get; init; }
    public required Uri TokenUrl { get; init; }

    public bool CanRefresh => RefreshToken is not null;

    /// <summary>The sponsored account as LinkedIn names it in bodies and queries.</summary>
    public string AccountUrn => "urn:li:sponsoredAccount:" + AdAccountId;

    /// <summary>Every problem, each naming the full setting.</summary>
    public static IEnumerable<string> Problems(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Get("AdAccountId") is not { } account)
        {
            yield return $"{settings.Name("AdAccountId")}: is required (the sponsored ad account id that owns the DMP segments).";
        }
        else if (ParseAccount(account) is null)
        {
            yield return $"{settings.Name("AdAccountId")}: must be a sponsored account id (digits, or urn:li:sponsoredAccount:<digits>).";
        }

        var trio = RefreshKeys.Where(k => settings.Get(k) is not null).ToList();
        if (trio.Count is > 0 and < 3)
        {
            foreach (var key in RefreshKeys.Except(trio))
            {
                yield return $"{settings.Name(key)}: is required with {string.Join(" and ", trio)} (the refresh trio ClientId, ClientSecret, RefreshToken).";
            }
        }
        else if (trio.Count == 0 && settings.Get("AccessToken") is null)
        {
            yield return $"{settings.Name("AccessToken")}: is required unless ClientId, ClientSecret and RefreshToken are set (an OAuth token with rw_dmp_segments).";
        }

        if (settings.Get("LinkedInVersion") is { } version && !IsVersion(version))
        {
            yield return $"{settings.Name("LinkedInVersion")}: must be a LinkedIn Marketing API version YYYYMM (e.g. {DefaultVersion}), from 202206 on.";
        }

        if (settings.Get("TokenUrl") is { } tokenUrl && !IsHttpUrl(tokenUrl))
        {
            yield return $"{settings.Name("TokenUrl")}: must be an absolute http or https URL.";
        }

        if (settings.Get("SourcePlatform") is { } platform && !platform.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
        {
            yield return $"{settings.Name("SourcePlatform")}: must be the partner enum LinkedIn assigned (upper-case letters, digits and _).";
        }
    }

    /// <summary>The typed settings of an instance that passed <see cref="Problems"/>.</summary>
    public static LinkedInSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new LinkedInSettings
        {
            Instance = settings.Instance,
            BaseUrl = settings.BaseUrlOr(DefaultBaseUrl),
            AdAccountId = ParseAccount(settings.Require("AdAccountId")) ?? throw new InvalidOperationException($"{settings.Name("AdAccountId")} is malformed."),
            Version = settings.Get("LinkedInVersion") ?? DefaultVersion,
            SourcePlatform = settings.Get("SourcePlatform") ?? DefaultSourcePlatform,
            AccessToken = settings.Get("AccessToken"),
            ClientId = settings.Get("ClientId"),
            ClientSecret = settings.Get("ClientSecret"),
            RefreshToken = settings.Get("RefreshToken"),
            TokenUrl = new Uri(settings.Get("TokenUrl") ?? DefaultTokenUrl),
        };
    }

    // A record's generated ToString would print the credentials into any log line that formats it.
    public override string ToString() => $"LinkedInSettings {{ Instance = {Instance}, AdAccountId = {AdAccountId}, Version = {Version} }}";

    private static string? ParseAccount(string value)
    {
        var id = value.Trim();
        const string Urn = "urn:li:sponsoredAccount:";
        if (id.StartsWith(Urn, StringComparison.Ordinal))
        {
            id = id[Urn.Length..];
        }

        return id.Length is > 0 and <= 19 && id.All(char.IsAsciiDigit) ? id : null;
    }

    private static bool IsVersion(string value) =>
        value.Length == 6
        && value.All(char.IsAsciiDigit)
        && int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture) is var year and >= 2022
        && int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture) is var month and >= 1 and <= 12
        && (year > 2022 || month >= 6);

    private static bool IsHttpUrl(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

using System.Globalization;
using System.Text.RegularExpressions;
using AudienceRelay.Providers.Configuration;

namespace AudienceRelay.Providers.Google;

/// <summary>
/// One Google Ads instance's settings, typed and checked at start; every problem names the full setting
/// (<c>Providers:&lt;instance&gt;:&lt;Key&gt;</c>). The keys are the public configuration contract (docs/providers/google.md).
/// </summary>
internal sealed partial record GoogleSettings
{
    public const string DefaultBaseUrl = "https://googleads.googleapis.com";

    /// <summary>The current Google Ads API version (v26, released 2026-10-14: https://developers.google.com/google-ads/api/docs/release-notes).</summary>
    public const string DefaultApiVersion = "v26";

    /// <summary>Google's OAuth 2.0 token endpoint (https://developers.google.com/identity/protocols/oauth2/web-server#offline).</summary>
    public const string DefaultTokenUrl = "https://oauth2.googleapis.com/token";

    /// <summary>
    /// UserList.membership_life_span: "between 0 and 540 inclusive", and 10000 (no expiration) for CRM-based lists
    /// (https://developers.google.com/google-ads/api/reference/rpc/v26/UserList).
    /// </summary>
    public const int MaxMembershipLifeSpanDays = 540;

    public const int NoExpiration = 10_000;

    private static readonly string[] ConsentValues = ["GRANTED", "DENIED", "UNSPECIFIED"];

    public required string Instance { get; init; }
    public required string ApiRoot { get; init; }
    public required Uri TokenUrl { get; init; }
    public required string CustomerId { get; init; }
    public string? LoginCustomerId { get; init; }
    public required string DeveloperToken { get; init; }
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    public required string RefreshToken { get; init; }
    public required string AdUserDataConsent { get; init; }
    public required string AdPersonalizationConsent { get; init; }
    public required int MembershipLifeSpanDays { get; init; }
    public required TimeSpan JobPollInterval { get; init; }
    public required int JobMaxPolls { get; init; }

    public static IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var key in new[] { "DeveloperToken", "ClientId", "ClientSecret", "RefreshToken" })
        {
            if (settings.Get(key) is null)
            {
                yield return $"{settings.Name(key)}: is required (Google Ads API access: the developer token and the OAuth client and refresh token of a user of the account).";
            }
        }

        if (settings.Get("CustomerId") is not { } customer)
        {
            yield return $"{settings.Name("CustomerId")}: is required (the Google Ads account that owns the lists, 10 digits; dashes are accepted).";
        }
        else if (CustomerDigits(customer) is null)
        {
            yield return $"{settings.Name("CustomerId")}: must be a 10-digit Google Ads customer id such as 123-456-7890.";
        }

        if (settings.Get("LoginCustomerId") is { } login && CustomerDigits(login) is null)
        {
            yield return $"{settings.Name("LoginCustomerId")}: must be the 10-digit customer id of the manager account such as 123-456-7890.";
        }

        if (settings.Get("ApiVersion") is { } version && !VersionPattern().IsMatch(version))
        {
            yield return $"{settings.Name("ApiVersion")}: must be a Google Ads API version such as {DefaultApiVersion}.";
        }

        if (settings.Get("TokenUrl") is { } tokenUrl && (!Uri.TryCreate(tokenUrl, UriKind.Absolute, out var token) || token.Scheme is not ("http" or "https")))
        {
            yield return $"{settings.Name("TokenUrl")}: must be an absolute http or https URL.";
        }

        foreach (var key in new[] { "AdUserDataConsent", "AdPersonalizationConsent" })
        {
            if (settings.Get(key) is { } consent && !ConsentValues.Contains(consent.Trim().ToUpperInvariant()))
            {
                yield return $"{settings.Name(key)}: must be GRANTED, DENIED or UNSPECIFIED.";
            }
        }

        if (settings.Get("MembershipLifeSpanDays") is { } days && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || (d is < 1 or > MaxMembershipLifeSpanDays && d != NoExpiration)))
        {
            yield return $"{settings.Name("MembershipLifeSpanDays")}: must be a whole number of days from 1 to {MaxMembershipLifeSpanDays}, or {NoExpiration} for no expiration.";
        }

        if (settings.Get("JobPollInterval") is { } interval && (!TimeSpan.TryParse(interval, CultureInfo.InvariantCulture, out var i) || i < TimeSpan.Zero || i > TimeSpan.FromMinutes(10)))
        {
            yield return $"{settings.Name("JobPollInterval")}: must be a duration from 00:00:00 to 00:10:00.";
        }

        if (settings.Get("JobMaxPolls") is { } polls && (!int.TryParse(polls, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 10_000))
        {
            yield return $"{settings.Name("JobMaxPolls")}: must be a whole number from 1 to 10000.";
        }
    }

    /// <summary>Settings that <see cref="Validate"/> accepted.</summary>
    public static GoogleSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var root = settings.BaseUrlOr(DefaultBaseUrl).ToString().TrimEnd('/');
        return new GoogleSettings
        {
            Instance = settings.Instance,
            ApiRoot = $"{root}/{settings.Get("ApiVersion") ?? DefaultApiVersion}/",
            TokenUrl = new Uri(settings.Get("TokenUrl") ?? DefaultTokenUrl),
            CustomerId = CustomerDigits(settings.Require("CustomerId"))!,
            LoginCustomerId = settings.Get("LoginCustomerId") is { } login ? CustomerDigits(login) : null,
            DeveloperToken = settings.Require("DeveloperToken"),
            ClientId = settings.Require("ClientId"),
            ClientSecret = settings.Require("ClientSecret"),
            RefreshToken = settings.Require("RefreshToken"),
            AdUserDataConsent = (settings.Get("AdUserDataConsent") ?? "UNSPECIFIED").Trim().ToUpperInvariant(),
            AdPersonalizationConsent = (settings.Get("AdPersonalizationConsent") ?? "UNSPECIFIED").Trim().ToUpperInvariant(),
            MembershipLifeSpanDays = settings.Get("MembershipLifeSpanDays") is { } days ? int.Parse(days, CultureInfo.InvariantCulture) : MaxMembershipLifeSpanDays,
            JobPollInterval = settings.Get("JobPollInterval") is { } interval ? TimeSpan.Parse(interval, CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(10),
            JobMaxPolls = settings.Get("JobMaxPolls") is { } polls ? int.Parse(polls, CultureInfo.InvariantCulture) : 60,
        };
    }

    /// <summary>Google customer ids are 10 digits, written 123-456-7890 in the UI and sent without dashes.</summary>
    private static string? CustomerDigits(string value)
    {
        var digits = value.Trim().Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 10 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    [GeneratedRegex("^v[0-9]{2,3}$")]
    private static partial Regex VersionPattern();
}

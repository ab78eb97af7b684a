using System.Text.RegularExpressions;
using AudienceRelay.Providers.Configuration;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// One Meta instance's settings, checked by <see cref="Validate"/> at start and read by <see cref="From"/>.
/// Messages name the full setting (<c>Providers:{instance}:{Key}</c>) and never repeat a value: the token and the
/// app secret are secrets, and the other values are the operator's own.
/// </summary>
internal sealed partial record FacebookSettings
{
    public const string DefaultBaseUrl = "https://graph.facebook.com";
    public const string DefaultApiVersion = "v25.0";
    public const string DefaultCustomerFileSource = "USER_PROVIDED_ONLY";

    // https://developers.facebook.com/docs/marketing-api/reference/ad-account/customaudiences (customer_file_source)
    private static readonly string[] FileSources = ["USER_PROVIDED_ONLY", "PARTNER_PROVIDED_ONLY", "BOTH_USER_AND_PARTNER_PROVIDED"];

    public required string Instance { get; init; }
    public required string AccessToken { get; init; }

    /// <summary>The ad account's digits, without <c>act_</c>.</summary>
    public required string AdAccountId { get; init; }

    public required string ApiVersion { get; init; }
    public required Uri BaseUrl { get; init; }
    public string? AppSecret { get; init; }
    public required string CustomerFileSource { get; init; }

    /// <summary>Value-based audience: rows carry LOOKALIKE_VALUE and the audience is created with <c>is_value_based</c>.</summary>
    public bool ValueBased { get; init; }

    public static IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Get("AccessToken") is null)
        {
            yield return $"{settings.Name("AccessToken")}: is required (a system-user access token with ads_management on the ad account).";
        }

        var account = settings.Get("AdAccountId");
        if (account is null)
        {
            yield return $"{settings.Name("AdAccountId")}: is required (the ad account id, e.g. act_1234567890).";
        }
        else if (AccountDigits(account) is null)
        {
            yield return $"{settings.Name("AdAccountId")}: must be the ad account's digits, optionally prefixed with act_ (e.g. act_1234567890).";
        }

        if (settings.Get("ApiVersion") is { } version && !Version().IsMatch(version.Trim()))
        {
            yield return $"{settings.Name("ApiVersion")}: must look like v25.0 (v, major, dot, minor).";
        }

        if (settings.Get("CustomerFileSource") is { } source && !FileSources.Contains(source.Trim(), StringComparer.Ordinal))
        {
            yield return $"{settings.Name("CustomerFileSource")}: must be one of {string.Join(", ", FileSources)}.";
        }

        if (settings.Get("ValueBased") is { } valueBased && !bool.TryParse(valueBased.Trim(), out _))
        {
            yield return $"{settings.Name("ValueBased")}: must be true or false.";
        }
    }

    /// <summary>Reads settings that <see cref="Validate"/> accepted.</summary>
    public static FacebookSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new FacebookSettings
        {
            Instance = settings.Instance,
            AccessToken = settings.Require("AccessToken").Trim(),
            AdAccountId = AccountDigits(settings.Require("AdAccountId"))
                ?? throw new InvalidOperationException($"{settings.Name("AdAccountId")} is not valid."),
            ApiVersion = settings.Get("ApiVersion")?.Trim() ?? DefaultApiVersion,
            BaseUrl = settings.BaseUrlOr(DefaultBaseUrl),
            AppSecret = settings.Get("AppSecret"),
            CustomerFileSource = settings.Get("CustomerFileSource")?.Trim() ?? DefaultCustomerFileSource,
            ValueBased = settings.Get("ValueBased") is { } flag && bool.Parse(flag.Trim()),
        };
    }

    // Ad account ids are written act_<digits> in Graph paths; operators copy either form from Ads Manager.
    private static string? AccountDigits(string raw)
    {
        var text = raw.Trim();
        var digits = text.StartsWith("act_", StringComparison.Ordinal) ? text[4..] : text;
        return digits.Length is > 0 and <= 30 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    [GeneratedRegex(@"^v\d+\.\d+$")]
    private static partial Regex Version();
}

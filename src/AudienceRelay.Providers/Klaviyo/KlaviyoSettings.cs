using System.Globalization;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>
/// One Klaviyo instance's settings, checked by <see cref="Validate"/> at start and read by <see cref="From"/>.
/// Messages name the full setting and never repeat a value (the API key is a secret).
/// </summary>
internal sealed record KlaviyoSettings
{
    public const string DefaultBaseUrl = "https://a.klaviyo.com";
    public const string DefaultRevision = "2025-01-15";

    /// <summary>Klaviyo's cap on one bulk import body ("5MB", read as 5,000,000 bytes, the stricter reading).</summary>
    public const int MaxImportBytesLimit = 5_000_000;

    public static readonly TimeSpan DefaultImportPollInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxImportPollInterval = TimeSpan.FromMinutes(10);
    public const int DefaultImportMaxPolls = 60;

    public required string Instance { get; init; }
    public required string ApiKey { get; init; }
    public required string Revision { get; init; }
    public required Uri BaseUrl { get; init; }

    /// <summary>The account has SMS set up, so a profile known only by its phone number can be imported.</summary>
    public bool SmsEnabled { get; init; }

    public int MaxImportBytes { get; init; } = MaxImportBytesLimit;

    /// <summary>The wait before each poll of an import job.</summary>
    public TimeSpan ImportPollInterval { get; init; } = DefaultImportPollInterval;

    public int ImportMaxPolls { get; init; } = DefaultImportMaxPolls;
    public required ProviderLimits Limits { get; init; }

    public static IEnumerable<string> Validate(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Get("ApiKey") is null)
        {
            yield return $"{settings.Name("ApiKey")}: is required (a private API key with lists and profiles read/write scopes).";
        }

        if (settings.Get("Revision") is { } revision && !DateOnly.TryParseExact(revision.Split('.')[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            yield return $"{settings.Name("Revision")}: must be an API revision date, YYYY-MM-DD.";
        }

        if (settings.Get("SmsEnabled") is { } sms && !bool.TryParse(sms.Trim(), out _))
        {
            yield return $"{settings.Name("SmsEnabled")}: must be true or false (true only when the Klaviyo account has SMS set up).";
        }

        foreach (var (key, min, max) in new[] { ("MaxImportBytes", 1_000, MaxImportBytesLimit), ("ImportPollSeconds", 0, 600), ("ImportMaxPolls", 1, 1_000) })
        {
            if (settings.Get(key) is { } text && Whole(text, min, max) is null)
            {
                yield return $"{settings.Name(key)}: must be a whole number from {min} to {max}.";
            }
        }

        if (settings.Get("ImportPollInterval") is { } interval)
        {
            if (Duration(interval) is null)
            {
                yield return $"{settings.Name("ImportPollInterval")}: must be a duration from 00:00:00 to 00:10:00 (hh:mm:ss).";
            }
            else if (settings.Get("ImportPollSeconds") is not null)
            {
                yield return $"{settings.Name("ImportPollInterval")}: set it or ImportPollSeconds, not both.";
            }
        }
    }

    /// <summary>Reads settings that <see cref="Validate"/> accepted.</summary>
    public static KlaviyoSettings From(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new KlaviyoSettings
        {
            Instance = settings.Instance,
            ApiKey = settings.Require("ApiKey"),
            Revision = settings.Get("Revision") ?? DefaultRevision,
            BaseUrl = settings.BaseUrlOr(DefaultBaseUrl),
            SmsEnabled = settings.Get("SmsEnabled") is { } sms && bool.Parse(sms.Trim()),
            MaxImportBytes = Whole(settings.Get("MaxImportBytes"), 1_000, MaxImportBytesLimit) ?? MaxImportBytesLimit,
            // ImportPollSeconds (whole seconds) is the older name of ImportPollInterval; both stay accepted.
            ImportPollInterval = Duration(settings.Get("ImportPollInterval"))
                ?? (Whole(settings.Get("ImportPollSeconds"), 0, 600) is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultImportPollInterval),
            ImportMaxPolls = Whole(settings.Get("ImportMaxPolls"), 1, 1_000) ?? DefaultImportMaxPolls,
            Limits = settings.Limits,
        };
    }

    private static int? Whole(string? text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;

    private static TimeSpan? Duration(string? text) =>
        TimeSpan.TryParse(text?.Trim(), CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero && value <= MaxImportPollInterval ? value : null;
}

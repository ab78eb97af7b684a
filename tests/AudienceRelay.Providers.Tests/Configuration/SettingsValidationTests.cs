using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Klaviyo;
using Microsoft.Extensions.Configuration;

namespace AudienceRelay.Providers.Tests.Configuration;

/// <summary>
/// Every platform's settings go through the one start-up check (<see cref="ProviderCatalog.Read"/>, what the server runs
/// before it listens): a bad value of each kind is refused with a message that starts with the full setting's name and
/// never repeats the value.
/// </summary>
public sealed class SettingsValidationTests
{
    // The smallest valid configuration of each platform, all of them in one configuration, as operators write it.
    private static readonly Dictionary<string, Dictionary<string, string>> Valid = new(StringComparer.Ordinal)
    {
        ["facebook"] = new() { ["AccessToken"] = "EAAtoken", ["AdAccountId"] = "act_1234567890" },
        ["tiktok"] = new() { ["AccessToken"] = "tt-token", ["AdvertiserId"] = "7000000000000000001" },
        ["klaviyo"] = new() { ["ApiKey"] = "pk_secret" },
        ["google"] = new() { ["CustomerId"] = "123-456-7890", ["DeveloperToken"] = "dev", ["ClientId"] = "c", ["ClientSecret"] = "s", ["RefreshToken"] = "r" },
        ["snapchat"] = new() { ["AdAccountId"] = "8adc3db7-8148-4fbf-999c-8d2266369d74", ["ClientId"] = "c", ["ClientSecret"] = "s", ["RefreshToken"] = "r" },
        ["pinterest"] = new() { ["AdAccountId"] = "549755885175", ["AccessToken"] = "pina_token" },
        ["linkedin"] = new() { ["AdAccountId"] = "512345678", ["AccessToken"] = "li-token" },
        ["webhook"] = new() { ["Url"] = "https://hooks.example.com/audience", ["Secret"] = "0123456789abcdef0123" },
    };

    [Fact]
    public void Every_platform_has_a_valid_example_here_and_it_passes()
    {
        Assert.Equal(ProviderFactories.All.Select(f => f.Type).Order(), Valid.Keys.Order());
        Assert.Empty(Read(null, null, null));
    }

    [Theory]
    // A required setting missing (blank counts as missing).
    [InlineData("facebook", "AccessToken", " ")]
    [InlineData("tiktok", "AccessToken", "")]
    [InlineData("tiktok", "AdvertiserId", " ")]
    [InlineData("klaviyo", "ApiKey", " ")]
    [InlineData("google", "DeveloperToken", " ")]
    [InlineData("snapchat", "ClientSecret", " ")]
    [InlineData("pinterest", "AccessToken", " ")]
    [InlineData("linkedin", "AccessToken", " ")]
    [InlineData("webhook", "Url", " ")]
    // An identifier of the wrong shape.
    [InlineData("facebook", "AdAccountId", "act_12ab")]
    [InlineData("google", "CustomerId", "12345")]
    [InlineData("snapchat", "AdAccountId", "not-a-uuid")]
    [InlineData("pinterest", "AdAccountId", "acct-549")]
    [InlineData("linkedin", "AdAccountId", "urn:li:organization:5")]
    // A URL that is not an absolute http(s) URL.
    [InlineData("webhook", "Url", "ftp://hooks.example.com/x")]
    [InlineData("google", "TokenUrl", "/token")]
    [InlineData("snapchat", "TokenUrl", "file:///etc/token")]
    [InlineData("pinterest", "TokenUrl", "token")]
    [InlineData("linkedin", "TokenUrl", "ftp://x")]
    [InlineData("tiktok", "BaseUrl", "business-api.tiktok.com")]
    [InlineData("klaviyo", "BaseUrl", "ftp://a.klaviyo.com")]
    // A number out of range or not a number.
    [InlineData("klaviyo", "MaxImportBytes", "5000001")]
    [InlineData("klaviyo", "ImportPollSeconds", "-1")]
    [InlineData("klaviyo", "ImportMaxPolls", "many")]
    [InlineData("google", "MembershipLifeSpanDays", "541")]
    [InlineData("google", "JobMaxPolls", "0")]
    [InlineData("snapchat", "RetentionInDays", "0")]
    [InlineData("webhook", "MaxUsersPerRequest", "10001")]
    [InlineData("tiktok", "RequestsPerSecond", "0")]
    [InlineData("facebook", "Concurrency", "257")]
    // A flag that is not true or false.
    [InlineData("klaviyo", "SmsEnabled", "yes")]
    [InlineData("facebook", "ValueBased", "1")]
    // A duration that is not a TimeSpan, or out of range.
    [InlineData("klaviyo", "ImportPollInterval", "2s")]
    [InlineData("klaviyo", "ImportPollInterval", "01:00:00")]
    [InlineData("google", "JobPollInterval", "soon")]
    // A value outside the platform's documented set.
    [InlineData("facebook", "ApiVersion", "25")]
    [InlineData("facebook", "CustomerFileSource", "ANYONE")]
    [InlineData("klaviyo", "Revision", "latest")]
    [InlineData("google", "AdUserDataConsent", "YES")]
    [InlineData("linkedin", "LinkedInVersion", "2026-07")]
    [InlineData("linkedin", "SourcePlatform", "my tool")]
    // A secret too short to sign with.
    [InlineData("webhook", "Secret", "short-secret")]
    public void A_bad_value_is_refused_naming_the_setting(string type, string key, string value)
    {
        var problems = Read(type, key, value);

        var problem = Assert.Single(problems);
        Assert.StartsWith($"Providers:{type}_x:{key}: ", problem, StringComparison.Ordinal);
        if (value.Trim().Length > 2)
        {
            Assert.DoesNotContain(value, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Klaviyo_poll_interval_is_a_TimeSpan_and_the_older_whole_seconds_name_still_works()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), Klaviyo().ImportPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(7), Klaviyo(("ImportPollSeconds", "7")).ImportPollInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Klaviyo(("ImportPollInterval", "00:00:01.5")).ImportPollInterval);
        Assert.Equal((5_000_000, 60, false, "2025-01-15"), (Klaviyo().MaxImportBytes, Klaviyo().ImportMaxPolls, Klaviyo().SmsEnabled, Klaviyo().Revision));

        var both = Read("klaviyo", "ImportPollInterval", "00:00:03", ("ImportPollSeconds", "3"));
        Assert.StartsWith("Providers:klaviyo_x:ImportPollInterval: ", Assert.Single(both), StringComparison.Ordinal);
    }

    private static KlaviyoSettings Klaviyo(params (string Key, string Value)[] extra)
    {
        var values = Valid["klaviyo"].ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        var factory = new KlaviyoProviderFactory();
        var settings = new ProviderSettings("kl", "klaviyo", null, values, factory.DefaultLimits);
        Assert.Empty(factory.Validate(settings));
        return KlaviyoSettings.From(settings);
    }

    /// <summary>All platforms configured validly as <c>{type}_x</c>, with one key of one of them set to a value.</summary>
    private static IReadOnlyList<string> Read(string? type, string? key, string? value, params (string Key, string Value)[] more)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (platform, keys) in Valid)
        {
            values[$"Providers:{platform}_x:Type"] = platform;
            foreach (var (k, v) in keys)
            {
                values[$"Providers:{platform}_x:{k}"] = v;
            }
        }

        if (type is not null && key is not null)
        {
            values[$"Providers:{type}_x:{key}"] = value;
            foreach (var (k, v) in more)
            {
                values[$"Providers:{type}_x:{k}"] = v;
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        ProviderCatalog.Read(configuration.GetSection("Providers"), ProviderFactories.All.ToDictionary(f => f.Type), out var errors);
        return errors;
    }
}

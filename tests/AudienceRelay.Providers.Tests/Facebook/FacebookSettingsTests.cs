using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Facebook;
using Microsoft.Extensions.Configuration;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookSettingsTests
{
    private readonly FacebookProviderFactory _factory = new();

    private ProviderSettings Settings(params (string Key, string? Value)[] values) =>
        new("fb_us", "facebook", null, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase), _factory.DefaultLimits);

    [Fact]
    public void Defaults_follow_Meta_limits_and_keep_one_delivery_per_session_at_a_time()
    {
        Assert.Equal("facebook", _factory.Type);
        Assert.Equal(10_000, _factory.DefaultLimits.MaxUsersPerRequest);
        Assert.Equal(10, _factory.DefaultLimits.RequestsPerSecond);
        Assert.Equal(4, _factory.DefaultLimits.Concurrency);
        Assert.True(_factory.DefaultLimits.OnePerSession);
    }

    [Fact]
    public void Missing_token_and_account_are_named_by_their_full_setting()
    {
        var errors = _factory.Validate(Settings()).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Providers:fb_us:AccessToken:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Providers:fb_us:AdAccountId:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("act_1234567890")]
    [InlineData("1234567890")]
    [InlineData(" act_42 ")]
    public void Ad_account_is_accepted_with_or_without_act_prefix(string account)
    {
        Assert.Empty(_factory.Validate(Settings(("AccessToken", "t"), ("AdAccountId", account))));
    }

    [Theory]
    [InlineData("act_12x4")]
    [InlineData("act_-5")]
    [InlineData("ACT_123")]
    [InlineData("12-34")]
    public void Ad_account_that_is_not_digits_is_refused_without_echoing_it(string account)
    {
        var error = Assert.Single(_factory.Validate(Settings(("AccessToken", "t"), ("AdAccountId", account))));

        Assert.StartsWith("Providers:fb_us:AdAccountId:", error, StringComparison.Ordinal);
        Assert.DoesNotContain(account, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ApiVersion", "25.0", true)]
    [InlineData("ApiVersion", "v25", true)]
    [InlineData("ApiVersion", "v25.0", false)]
    [InlineData("ApiVersion", "v19.3", false)]
    [InlineData("CustomerFileSource", "USER_PROVIDED", true)]
    [InlineData("CustomerFileSource", "BOTH_USER_AND_PARTNER_PROVIDED", false)]
    [InlineData("ValueBased", "yes", true)]
    [InlineData("ValueBased", "True", false)]
    public void Optional_settings_are_checked(string key, string value, bool refused)
    {
        var errors = _factory.Validate(Settings(("AccessToken", "t"), ("AdAccountId", "act_1"), (key, value))).ToList();

        if (refused)
        {
            Assert.StartsWith($"Providers:fb_us:{key}:", Assert.Single(errors), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public void Messages_never_repeat_the_token_or_the_app_secret()
    {
        const string token = "EAAB-very-secret-token";
        const string secret = "app-secret-never-shown";
        var errors = _factory.Validate(Settings(
            ("AccessToken", token), ("AppSecret", secret), ("AdAccountId", token), ("ApiVersion", secret), ("CustomerFileSource", secret), ("ValueBased", token))).ToList();

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.DoesNotContain(token, e, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain(secret, e, StringComparison.Ordinal));
    }

    [Fact]
    public void Configuration_section_reads_into_a_valid_instance_with_overridden_limits()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Providers:fb_eu:Type"] = "facebook",
            ["Providers:fb_eu:AccessToken"] = "token",
            ["Providers:fb_eu:AdAccountId"] = "act_987",
            ["Providers:fb_eu:MaxUsersPerRequest"] = "5000",
            ["Providers:fb_eu:RequestsPerSecond"] = "2.5",
        }).Build();

        var settings = ProviderCatalog.Read(configuration.GetSection("Providers"), new Dictionary<string, IProviderFactory> { ["facebook"] = _factory }, out var errors);

        Assert.Empty(errors);
        var instance = Assert.Single(settings);
        Assert.Equal(new ProviderLimits { MaxUsersPerRequest = 5000, RequestsPerSecond = 2.5, Concurrency = 4, OnePerSession = true }, instance.Limits);
        var parsed = FacebookSettings.From(instance);
        Assert.Equal("987", parsed.AdAccountId);
        Assert.Equal("v25.0", parsed.ApiVersion);
        Assert.Equal(new Uri("https://graph.facebook.com"), parsed.BaseUrl);
        Assert.Equal("USER_PROVIDED_ONLY", parsed.CustomerFileSource);
        Assert.False(parsed.ValueBased);
        Assert.Null(parsed.AppSecret);
    }

    [Fact]
    public void A_limit_above_Meta_maximum_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Providers:fb:Type"] = "facebook",
            ["Providers:fb:AccessToken"] = "token",
            ["Providers:fb:AdAccountId"] = "987",
            ["Providers:fb:MaxUsersPerRequest"] = "10001",
        }).Build();

        ProviderCatalog.Read(configuration.GetSection("Providers"), new Dictionary<string, IProviderFactory> { ["facebook"] = _factory }, out var errors);

        Assert.StartsWith("Providers:fb:MaxUsersPerRequest:", Assert.Single(errors), StringComparison.Ordinal);
    }
}

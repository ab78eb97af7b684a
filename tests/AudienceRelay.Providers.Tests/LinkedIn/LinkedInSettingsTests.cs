using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.LinkedIn;

namespace AudienceRelay.Providers.Tests.LinkedIn;

public sealed class LinkedInSettingsTests
{
    private readonly LinkedInProviderFactory _factory = new();

    [Fact]
    public void Defaults_follow_linkedins_limits()
    {
        Assert.Equal("linkedin", _factory.Type);
        Assert.Equal(5_000, _factory.DefaultLimits.MaxUsersPerRequest);
        Assert.True(_factory.DefaultLimits.OnePerSession);
        Assert.Contains(ProviderFactories.All, f => f is LinkedInProviderFactory);
    }

    [Fact]
    public void Missing_account_and_credentials_are_named_by_their_full_setting()
    {
        var errors = _factory.Validate(Settings()).ToList();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Providers:li_main:AdAccountId: is required", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Providers:li_main:AccessToken: is required unless", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_refresh_trio_names_each_missing_part()
    {
        var errors = _factory.Validate(Settings(("AdAccountId", "123"), ("ClientId", "c"))).ToList();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Providers:li_main:ClientSecret: is required with ClientId", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Providers:li_main:RefreshToken: is required with ClientId", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AdAccountId", "act_123")]
    [InlineData("AdAccountId", "urn:li:sponsoredAccount:")]
    [InlineData("LinkedInVersion", "2026-07")]
    [InlineData("LinkedInVersion", "202613")]
    [InlineData("LinkedInVersion", "202205")]
    [InlineData("LinkedInVersion", "20260701")]
    [InlineData("TokenUrl", "/oauth/v2/accessToken")]
    [InlineData("SourcePlatform", "my platform")]
    public void A_malformed_value_is_refused_naming_the_setting(string key, string value)
    {
        var error = Assert.Single(_factory.Validate(WithDefaults(key, value)));

        Assert.StartsWith($"Providers:li_main:{key}: must be", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AdAccountId", "urn:li:sponsoredAccount:123")]
    [InlineData("LinkedInVersion", "202604")]
    [InlineData("LinkedInVersion", "202206")]
    public void Valid_forms_are_accepted(string key, string value) =>
        Assert.Empty(_factory.Validate(WithDefaults(key, value)));

    [Fact]
    public void The_trio_alone_is_enough_and_the_typed_settings_never_print_a_credential()
    {
        var settings = Settings(("AdAccountId", "urn:li:sponsoredAccount:77"), ("ClientId", "c"), ("ClientSecret", "very-secret"), ("RefreshToken", "refresh-secret"));

        Assert.Empty(_factory.Validate(settings));
        var typed = LinkedInSettings.From(settings);
        Assert.Equal("77", typed.AdAccountId);
        Assert.Equal(LinkedInSettings.DefaultVersion, typed.Version);
        Assert.Equal(new Uri(LinkedInSettings.DefaultTokenUrl), typed.TokenUrl);
        Assert.DoesNotContain("secret", typed.ToString(), StringComparison.Ordinal);
    }

    private ProviderSettings WithDefaults(string key, string value)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["AdAccountId"] = "123", ["AccessToken"] = "t", [key] = value };
        return new("li_main", "linkedin", null, values, _factory.DefaultLimits);
    }

    private ProviderSettings Settings(params (string Key, string? Value)[] values) =>
        new("li_main", "linkedin", null, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase), _factory.DefaultLimits);
}

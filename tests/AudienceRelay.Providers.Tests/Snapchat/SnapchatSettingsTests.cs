using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Snapchat;
using Microsoft.Extensions.Configuration;

namespace AudienceRelay.Providers.Tests.Snapchat;

public sealed class SnapchatSettingsTests
{
    [Fact]
    public void Missing_credentials_are_each_named_with_the_full_setting()
    {
        var errors = Read(new() { ["Providers:snap:Type"] = "snapchat" });

        Assert.Contains(errors, e => e.StartsWith("Providers:snap:AdAccountId: is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Providers:snap:ClientId: is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Providers:snap:ClientSecret: is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Providers:snap:RefreshToken: is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AdAccountId", "act_123", "Providers:snap:AdAccountId: must be the Snap ad account id, a UUID")]
    [InlineData("TokenUrl", "accounts.snapchat.com/token", "Providers:snap:TokenUrl: must be an absolute http or https URL")]
    [InlineData("RetentionInDays", "0", "Providers:snap:RetentionInDays: must be a whole number from 1 to 9999")]
    [InlineData("BaseUrl", "ftp://adsapi", "Providers:snap:BaseUrl: must be an absolute http or https URL")]
    public void Malformed_values_are_named_without_repeating_secrets(string key, string value, string expected)
    {
        var settings = Valid();
        settings[$"Providers:snap:{key}"] = value;

        var errors = Read(settings);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("the-secret", StringComparison.Ordinal) || e.Contains("the-refresh", StringComparison.Ordinal));
    }

    [Fact]
    public void Complete_settings_validate()
    {
        Assert.Empty(Read(Valid()));
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Providers:snap:Type"] = "snapchat",
        ["Providers:snap:AdAccountId"] = "8adc3db7-8148-4fbf-999c-8d2266369d74",
        ["Providers:snap:ClientId"] = "client",
        ["Providers:snap:ClientSecret"] = "the-secret",
        ["Providers:snap:RefreshToken"] = "the-refresh",
    };

    private static IReadOnlyList<string> Read(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        ProviderCatalog.Read(configuration.GetSection("Providers"), new Dictionary<string, IProviderFactory> { ["snapchat"] = new SnapchatProviderFactory() }, out var errors);
        return errors;
    }
}

using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Pinterest;
using Microsoft.Extensions.Configuration;

namespace AudienceRelay.Providers.Tests.Pinterest;

public sealed class PinterestSettingsTests
{
    [Fact]
    public void Without_a_token_or_the_refresh_trio_both_required_settings_are_named()
    {
        var errors = Read(new() { ["Providers:pin:Type"] = "pinterest" });

        Assert.Contains(errors, e => e.StartsWith("Providers:pin:AdAccountId: is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Providers:pin:AccessToken: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partial_refresh_trio_names_each_missing_part()
    {
        var errors = Read(new() { ["Providers:pin:Type"] = "pinterest", ["Providers:pin:AdAccountId"] = "549755885175", ["Providers:pin:RefreshToken"] = "pinr_secret_value" });

        Assert.Contains(errors, e => e.StartsWith("Providers:pin:ClientId: is required with RefreshToken", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Providers:pin:ClientSecret: is required with RefreshToken", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("pinr_secret_value", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AdAccountId", "act_549755885175", "Providers:pin:AdAccountId: must be the Pinterest ad account id, digits only")]
    [InlineData("TokenUrl", "/v5/oauth/token", "Providers:pin:TokenUrl: must be an absolute http or https URL")]
    public void Malformed_values_are_named(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Providers:pin:Type"] = "pinterest", ["Providers:pin:AdAccountId"] = "549755885175", ["Providers:pin:AccessToken"] = "pina_x" };
        settings[$"Providers:pin:{key}"] = value;

        Assert.Contains(Read(settings), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_or_a_complete_trio_validates()
    {
        Assert.Empty(Read(new() { ["Providers:pin:Type"] = "pinterest", ["Providers:pin:AdAccountId"] = "549755885175", ["Providers:pin:AccessToken"] = "pina_x" }));
        Assert.Empty(Read(new()
        {
            ["Providers:pin:Type"] = "pinterest", ["Providers:pin:AdAccountId"] = "549755885175",
            ["Providers:pin:ClientId"] = "1", ["Providers:pin:ClientSecret"] = "s", ["Providers:pin:RefreshToken"] = "r",
        }));
    }

    private static IReadOnlyList<string> Read(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        ProviderCatalog.Read(configuration.GetSection("Providers"), new Dictionary<string, IProviderFactory> { ["pinterest"] = new PinterestProviderFactory() }, out var errors);
        return errors;
    }
}

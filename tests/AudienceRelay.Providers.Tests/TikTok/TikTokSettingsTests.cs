using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.TikTok;

namespace AudienceRelay.Providers.Tests.TikTok;

public sealed class TikTokSettingsTests
{
    [Fact]
    public void Validation_names_each_missing_setting()
    {
        var factory = new TikTokProviderFactory();
        var settings = new ProviderSettings("tt", "tiktok", null, new Dictionary<string, string?> { ["AccessToken"] = " " }, factory.DefaultLimits);

        var problems = factory.Validate(settings).ToList();

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Providers:tt:AccessToken:", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Providers:tt:AdvertiserId:", problems[1], StringComparison.Ordinal);
    }
}

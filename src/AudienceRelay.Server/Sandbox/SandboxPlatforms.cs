using AudienceRelay.Emulators.Google;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.LinkedIn;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Emulators.Pinterest;
using AudienceRelay.Emulators.Snapchat;
using AudienceRelay.Emulators.TikTok;
using AudienceRelay.Providers.Configuration;

namespace AudienceRelay.Server.Sandbox;

/// <summary>The emulated platforms of the sandbox, and the provider settings that reach them with the emulators' sandbox credentials.</summary>
internal static class SandboxPlatforms
{
    public static IReadOnlyList<IPlatformEmulator> CreateEmulators() =>
    [
        new MetaEmulator(new MetaEmulatorOptions { RegisterSandboxAccount = true }),
        new TikTokEmulator(),
        new KlaviyoEmulator(),
        new LinkedInEmulator(),
        new SnapchatEmulator(),
        new PinterestEmulator(),
        new GoogleEmulator(),
    ];

    /// <summary>One instance per emulated platform whose client this build has.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ProviderSettings(string emulatorRoot)
    {
        var available = ProviderFactories.All.Select(f => f.Type).ToHashSet(StringComparer.Ordinal);
        var tiktok = new TikTokEmulatorOptions();
        var klaviyo = new KlaviyoEmulatorOptions();
        var linkedIn = new LinkedInEmulatorOptions();
        var snapchat = new SnapchatEmulatorOptions();
        var pinterest = new PinterestEmulatorOptions();
        var google = new GoogleEmulatorOptions();
        var instances = new Dictionary<string, Dictionary<string, string>>
        {
            ["facebook"] = new() { ["AccessToken"] = MetaEmulator.SandboxAccessToken, ["AdAccountId"] = MetaEmulator.SandboxAdAccountId, ["BaseUrl"] = emulatorRoot + "/meta" },
            ["tiktok"] = new() { ["AccessToken"] = tiktok.SandboxAccessToken, ["AdvertiserId"] = tiktok.SandboxAdvertiserId, ["BaseUrl"] = emulatorRoot + "/tiktok" },
            ["klaviyo"] = new() { ["ApiKey"] = klaviyo.SandboxApiKey, ["BaseUrl"] = emulatorRoot + "/klaviyo" },
            ["linkedin"] = new() { ["AccessToken"] = linkedIn.SandboxAccessToken, ["AdAccountId"] = linkedIn.SandboxAccountId, ["BaseUrl"] = emulatorRoot + "/linkedin" },
            ["snapchat"] = new()
            {
                ["AdAccountId"] = snapchat.SandboxAdAccountId, ["ClientId"] = snapchat.SandboxClientId, ["ClientSecret"] = snapchat.SandboxClientSecret,
                ["RefreshToken"] = snapchat.SandboxRefreshToken, ["BaseUrl"] = emulatorRoot + "/snapchat", ["TokenUrl"] = emulatorRoot + "/snapchat/" + SnapchatEmulator.TokenPath,
            },
            ["pinterest"] = new() { ["AdAccountId"] = pinterest.SandboxAdAccountId, ["AccessToken"] = pinterest.SandboxAccessToken, ["BaseUrl"] = emulatorRoot + "/pinterest" },
            ["google"] = new() { ["CustomerId"] = google.SandboxCustomerId, ["DeveloperToken"] = google.SandboxDeveloperToken, ["ClientId"] = google.SandboxClientId, ["ClientSecret"] = google.SandboxClientSecret, ["RefreshToken"] = google.SandboxRefreshToken, ["BaseUrl"] = emulatorRoot + "/google", ["TokenUrl"] = emulatorRoot + "/google/token", ["JobPollInterval"] = "00:00:00.200" },
        };
        foreach (var (type, values) in instances.Where(i => available.Contains(i.Key)))
        {
            yield return new($"Providers:sandbox_{type}:Type", type);
            foreach (var (key, value) in values)
            {
                yield return new($"Providers:sandbox_{type}:{key}", value);
            }
        }
    }
}

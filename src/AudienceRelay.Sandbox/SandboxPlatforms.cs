using AudienceRelay.Emulators.Google;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.LinkedIn;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Emulators.Pinterest;
using AudienceRelay.Emulators.Snapchat;
using AudienceRelay.Emulators.TikTok;
using AudienceRelay.Providers.Configuration;

namespace AudienceRelay.Sandbox;

/// <summary>
/// The emulated platforms of the sandbox: one line each, with the emulator to start and the provider settings that reach
/// it with the emulator's sandbox credentials (<c>BaseUrl</c> is added: the emulator root plus the emulator's name).
/// Adding a platform is adding a line.
/// </summary>
internal static class SandboxPlatforms
{
    public static IReadOnlyList<SandboxPlatform> All { get; } =
    [
        new("facebook", () => new MetaEmulator(new MetaEmulatorOptions { RegisterSandboxAccount = true }), "meta", new() { ["AccessToken"] = MetaEmulator.SandboxAccessToken, ["AdAccountId"] = MetaEmulator.SandboxAdAccountId }),
        new("tiktok", () => new TikTokEmulator(), "tiktok", new() { ["AccessToken"] = new TikTokEmulatorOptions().SandboxAccessToken, ["AdvertiserId"] = new TikTokEmulatorOptions().SandboxAdvertiserId }),
        new("klaviyo", () => new KlaviyoEmulator(), "klaviyo", new() { ["ApiKey"] = new KlaviyoEmulatorOptions().SandboxApiKey }),
        new("google", () => new GoogleEmulator(), "google", new()
        {
            ["CustomerId"] = new GoogleEmulatorOptions().SandboxCustomerId, ["DeveloperToken"] = new GoogleEmulatorOptions().SandboxDeveloperToken,
            ["ClientId"] = new GoogleEmulatorOptions().SandboxClientId, ["ClientSecret"] = new GoogleEmulatorOptions().SandboxClientSecret,
            ["RefreshToken"] = new GoogleEmulatorOptions().SandboxRefreshToken, ["TokenUrl"] = RootMarker + "/google/token", ["JobPollInterval"] = "00:00:00.200",
        }),
        new("linkedin", () => new LinkedInEmulator(), "linkedin", new() { ["AccessToken"] = new LinkedInEmulatorOptions().SandboxAccessToken, ["AdAccountId"] = new LinkedInEmulatorOptions().SandboxAccountId }),
        new("snapchat", () => new SnapchatEmulator(), "snapchat", new()
        {
            ["AdAccountId"] = new SnapchatEmulatorOptions().SandboxAdAccountId, ["ClientId"] = new SnapchatEmulatorOptions().SandboxClientId,
            ["ClientSecret"] = new SnapchatEmulatorOptions().SandboxClientSecret, ["RefreshToken"] = new SnapchatEmulatorOptions().SandboxRefreshToken,
            ["TokenUrl"] = RootMarker + "/snapchat/" + SnapchatEmulator.TokenPath,
        }),
        new("pinterest", () => new PinterestEmulator(), "pinterest", new() { ["AdAccountId"] = new PinterestEmulatorOptions().SandboxAdAccountId, ["AccessToken"] = new PinterestEmulatorOptions().SandboxAccessToken }),
    ];

    /// <summary>Stands for the emulators' root URL in a setting that needs it (a token endpoint), replaced when the settings are read.</summary>
    private const string RootMarker = "{emulators}";

    /// <summary>One instance (<c>sandbox_{type}</c>) per emulated platform whose client this build has.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ProviderSettings(string emulatorRoot)
    {
        var available = ProviderFactories.All.Select(f => f.Type).ToHashSet(StringComparer.Ordinal);
        foreach (var platform in All.Where(p => available.Contains(p.Type)))
        {
            var prefix = $"Providers:sandbox_{platform.Type}:";
            yield return new(prefix + "Type", platform.Type);
            yield return new(prefix + "BaseUrl", $"{emulatorRoot}/{platform.EmulatorName}");
            foreach (var (key, value) in platform.Settings)
            {
                yield return new(prefix + key, value.Replace(RootMarker, emulatorRoot, StringComparison.Ordinal));
            }
        }
    }
}

/// <summary>One emulated platform: the provider type, its emulator, the emulator's mount name, and the instance's settings.</summary>
internal sealed record SandboxPlatform(string Type, Func<IPlatformEmulator> CreateEmulator, string EmulatorName, Dictionary<string, string> Settings);

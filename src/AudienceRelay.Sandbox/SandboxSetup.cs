using AudienceRelay.Server;

namespace AudienceRelay.Sandbox;

/// <summary>
/// When no provider is configured, one instance per emulated platform is configured to point at the emulators on
/// <c>Sandbox:EmulatorUrl</c>, so a newcomer sees an upload go the whole way without credentials.
/// </summary>
internal static class SandboxSetup
{
    public static IEnumerable<KeyValuePair<string, string?>> Defaults(IConfiguration configuration)
    {
        if (configuration.GetSection("Providers").GetChildren().Any())
        {
            return [];
        }

        var emulators = (configuration["Sandbox:EmulatorUrl"] ?? SandboxOptions.DefaultEmulatorUrl).TrimEnd('/');
        return SandboxPlatforms.ProviderSettings(emulators);
    }
}

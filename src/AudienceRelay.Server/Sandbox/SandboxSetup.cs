namespace AudienceRelay.Server.Sandbox;

/// <summary>
/// Sandbox mode (<c>Sandbox__Enabled=true</c>): the platform emulators run inside this process on
/// <c>Sandbox:EmulatorUrl</c>, and when no provider is configured, one instance per emulated platform
/// is configured to point at them, so a newcomer sees an upload go the whole way without credentials.
/// </summary>
internal static class SandboxSetup
{
    public static IEnumerable<KeyValuePair<string, string?>> Defaults(IConfiguration configuration)
    {
        if (!configuration.GetValue("Sandbox:Enabled", false) || configuration.GetSection("Providers").GetChildren().Any())
        {
            return [];
        }

        var emulators = (configuration["Sandbox:EmulatorUrl"] ?? SandboxEmulators.DefaultUrl).TrimEnd('/');
        return SandboxEmulators.ProviderDefaults(emulators);
    }
}

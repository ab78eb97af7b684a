using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Server.Sandbox;

/// <summary>The emulated platforms of the sandbox, and the provider settings that reach them.</summary>
internal static class SandboxPlatforms
{
    public static IReadOnlyList<IPlatformEmulator> CreateEmulators() => [];

    public static IEnumerable<KeyValuePair<string, string?>> ProviderSettings(string emulatorRoot) => [];
}

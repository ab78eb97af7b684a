using AudienceRelay.Emulators.Hosting;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Sandbox;

/// <summary>Starts the emulators with the server (sandbox mode only) and stops them with it.</summary>
internal sealed class SandboxEmulators(IOptions<SandboxOptions> options) : IHostedService, IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5081";

    public EmulatorHost? Host { get; private set; }

    /// <summary>Provider settings pointing one instance of each emulated platform at the emulators.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ProviderDefaults(string emulatorRoot) => SandboxPlatforms.ProviderSettings(emulatorRoot);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Host = await EmulatorHost.StartAsync(options.Value.EmulatorUrl, SandboxPlatforms.CreateEmulators(), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            Host = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}

using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Server;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Sandbox;

/// <summary>Starts the emulators with the server (sandbox mode only) and stops them with it.</summary>
internal sealed class SandboxEmulators(IOptions<SandboxOptions> options) : IHostedService, IAsyncDisposable
{
    public EmulatorHost? Host { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Host = await EmulatorHost.StartAsync(options.Value.EmulatorUrl, [.. SandboxPlatforms.All.Select(p => p.CreateEmulator())], cancellationToken);
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

using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Snapchat;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>The Snapchat and Pinterest emulators on one loopback port, with the accounts the tests use, and the provider settings that reach them.</summary>
internal sealed class SocialEmulators : IAsyncDisposable
{
    public const string SnapAccount = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
    public const string SnapClient = "snap-client-tests";
    public const string SnapSecret = "snap-secret-tests";
    public const string SnapRefresh = "snap-refresh-tests";

    private SocialEmulators(EmulatorHost host, SnapchatEmulator snapchat)
    {
        Host = host;
        Snapchat = snapchat;
    }

    public EmulatorHost Host { get; }

    public SnapchatEmulator Snapchat { get; }

    public static async Task<SocialEmulators> StartAsync()
    {
        var snapchat = new SnapchatEmulator();
        snapchat.AddAdAccount(SnapAccount, SnapClient, SnapSecret, SnapRefresh);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [snapchat]);
        return new SocialEmulators(host, snapchat);
    }

    public Dictionary<string, string?> SnapchatInstance(string instance = "snap") => new()
    {
        [$"Providers:{instance}:Type"] = "snapchat",
        [$"Providers:{instance}:BaseUrl"] = Host.UrlFor("snapchat").ToString(),
        [$"Providers:{instance}:TokenUrl"] = Host.UrlFor("snapchat") + "/" + SnapchatEmulator.TokenPath,
        [$"Providers:{instance}:AdAccountId"] = SnapAccount,
        [$"Providers:{instance}:ClientId"] = SnapClient,
        [$"Providers:{instance}:ClientSecret"] = SnapSecret,
        [$"Providers:{instance}:RefreshToken"] = SnapRefresh,
        [$"Providers:{instance}:RequestsPerSecond"] = "1000",
    };

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

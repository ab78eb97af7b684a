using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Pinterest;
using AudienceRelay.Emulators.Snapchat;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>The Snapchat and Pinterest emulators on one loopback port, with the accounts the tests use, and the provider settings that reach them.</summary>
internal sealed class SocialEmulators : IAsyncDisposable
{
    public const string SnapAccount = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
    public const string SnapClient = "snap-client-tests";
    public const string SnapSecret = "snap-secret-tests";
    public const string SnapRefresh = "snap-refresh-tests";
    public const string PinAccount = "549755000042";
    public const string PinClient = "1500042";
    public const string PinSecret = "pin-secret-tests";
    public const string PinRefresh = "pinr_refresh_tests";

    private SocialEmulators(EmulatorHost host, SnapchatEmulator snapchat, PinterestEmulator pinterest)
    {
        Host = host;
        Snapchat = snapchat;
        Pinterest = pinterest;
    }

    public EmulatorHost Host { get; }

    public SnapchatEmulator Snapchat { get; }

    /// <summary>Lists below 3 members are TOO_SMALL here, so a test can cross the minimum with a few users.</summary>
    public PinterestEmulator Pinterest { get; }

    public static async Task<SocialEmulators> StartAsync()
    {
        var snapchat = new SnapchatEmulator();
        snapchat.AddAdAccount(SnapAccount, SnapClient, SnapSecret, SnapRefresh);
        var pinterest = new PinterestEmulator(new PinterestEmulatorOptions { MinimumListSize = 3 });
        pinterest.AddApp(PinAccount, PinClient, PinSecret, PinRefresh);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [snapchat, pinterest]);
        return new SocialEmulators(host, snapchat, pinterest);
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

    /// <summary>A Pinterest instance on the refresh trio (so token refresh is exercised through the server).</summary>
    public Dictionary<string, string?> PinterestInstance(string instance = "pin") => new()
    {
        [$"Providers:{instance}:Type"] = "pinterest",
        [$"Providers:{instance}:BaseUrl"] = Host.UrlFor("pinterest").ToString(),
        [$"Providers:{instance}:TokenUrl"] = Host.UrlFor("pinterest") + "/" + PinterestEmulator.TokenPath,
        [$"Providers:{instance}:AdAccountId"] = PinAccount,
        [$"Providers:{instance}:ClientId"] = PinClient,
        [$"Providers:{instance}:ClientSecret"] = PinSecret,
        [$"Providers:{instance}:RefreshToken"] = PinRefresh,
        [$"Providers:{instance}:RequestsPerSecond"] = "1000",
    };

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Snapchat;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Snapchat;
using Microsoft.Extensions.Logging.Abstractions;

namespace AudienceRelay.Providers.Tests.Snapchat;

/// <summary>The Snapchat emulator on a loopback port and a client built by <see cref="SnapchatProviderFactory"/> pointed at it.</summary>
internal sealed class SnapchatFixture : IAsyncDisposable
{
    public const string Account = "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
    public const string ClientId = "snap-client";
    public const string Secret = "snap-secret";
    public const string Refresh = "snap-refresh";

    private readonly HttpClient _http = new();

    private SnapchatFixture(EmulatorHost host, SnapchatEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    public EmulatorHost Host { get; }

    public SnapchatEmulator Emulator { get; }

    public static async Task<SnapchatFixture> StartAsync(SnapchatEmulatorOptions? options = null)
    {
        var emulator = new SnapchatEmulator(options);
        emulator.AddAdAccount(Account, ClientId, Secret, Refresh);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new SnapchatFixture(host, emulator);
    }

    public Dictionary<string, string?> Values(string refresh = Refresh) => new()
    {
        ["AdAccountId"] = Account,
        ["ClientId"] = ClientId,
        ["ClientSecret"] = Secret,
        ["RefreshToken"] = refresh,
        ["TokenUrl"] = Host.UrlFor("snapchat") + "/" + SnapchatEmulator.TokenPath,
    };

    public IAudienceProvider Provider(int maxUsersPerRequest = 100_000, string refresh = Refresh, TimeProvider? time = null)
    {
        var factory = new SnapchatProviderFactory();
        var settings = new ProviderSettings("snap", "snapchat", Host.UrlFor("snapchat"), Values(refresh), factory.DefaultLimits with { MaxUsersPerRequest = maxUsersPerRequest });
        Assert.Empty(factory.Validate(settings));
        return factory.Create(settings, _http, time ?? TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static async Task<string> AudienceAsync(IAudienceProvider provider, string name = "blotout_vip", AudienceType type = AudienceType.Custom)
    {
        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest(name, type), CancellationToken.None);
        Assert.Null(resolution.Problem);
        return resolution.AudienceId!;
    }

    public static DeliveryWork Work(string audienceId, IReadOnlyList<AudienceUser> users, IDeliverySession? session = null, AudienceType type = AudienceType.Custom) =>
        TestWork.For(audienceId, users, session, type, "blotout_vip");

    public static AudienceUser[] Emails(params string[] names) => TestWork.Emails(names);

    public static HashSet<string> EmailHashes(params string[] names) => TestWork.EmailHashes(names);

    public static string Sha256(string value) => TestWork.Sha256(value);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Pinterest;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Pinterest;
using Microsoft.Extensions.Logging.Abstractions;

namespace AudienceRelay.Providers.Tests.Pinterest;

/// <summary>The Pinterest emulator on a loopback port and clients built by <see cref="PinterestProviderFactory"/> pointed at it.</summary>
internal sealed class PinterestFixture : IAsyncDisposable
{
    public const string Account = "549755885001";
    public const string Token = "pina_fixture_token";
    public const string ClientId = "1500001";
    public const string Secret = "pin-secret";
    public const string Refresh = "pinr_fixture_refresh";

    private readonly HttpClient _http = new();

    private PinterestFixture(EmulatorHost host, PinterestEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    public EmulatorHost Host { get; }

    public PinterestEmulator Emulator { get; }

    public HttpClient Http => _http;

    public static async Task<PinterestFixture> StartAsync(PinterestEmulatorOptions? options = null)
    {
        var emulator = new PinterestEmulator(options);
        emulator.AddAdAccount(Account, Token);
        emulator.AddApp(Account, ClientId, Secret, Refresh);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new PinterestFixture(host, emulator);
    }

    /// <summary>A client with the fixed <paramref name="token"/>, or (when <paramref name="refreshing"/>) the refresh trio.</summary>
    public IAudienceProvider Provider(int maxUsersPerRequest = 50_000, string token = Token, bool refreshing = false)
    {
        var factory = new PinterestProviderFactory();
        var values = refreshing
            ? new Dictionary<string, string?> { ["ClientId"] = ClientId, ["ClientSecret"] = Secret, ["RefreshToken"] = Refresh, ["TokenUrl"] = Host.UrlFor("pinterest") + "/" + PinterestEmulator.TokenPath }
            : new Dictionary<string, string?> { ["AccessToken"] = token };
        values["AdAccountId"] = Account;
        var settings = new ProviderSettings("pin", "pinterest", Host.UrlFor("pinterest"), values, factory.DefaultLimits with { MaxUsersPerRequest = maxUsersPerRequest });
        Assert.Empty(factory.Validate(settings));
        return factory.Create(settings, _http, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static async Task<string> ListAsync(IAudienceProvider provider, string name = "blotout_vip", AudienceType type = AudienceType.Custom)
    {
        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest(name, type), CancellationToken.None);
        Assert.Null(resolution.Problem);
        return resolution.AudienceId!;
    }

    public static DeliveryWork Work(string listId, IReadOnlyList<AudienceUser> users, IDeliverySession? session = null, AudienceType type = AudienceType.Custom) =>
        TestWork.For(listId, users, session, type, "blotout_vip");

    public static AudienceUser[] Emails(params string[] names) => TestWork.Emails(names);

    public static HashSet<string> Hashes(params string[] names) => TestWork.EmailHashes(names);

    public static string Sha256(string value) => TestWork.Sha256(value);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}

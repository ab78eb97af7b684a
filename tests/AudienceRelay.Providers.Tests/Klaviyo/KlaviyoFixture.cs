using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.TikTok;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Klaviyo;
using Microsoft.Extensions.Logging.Abstractions;

namespace AudienceRelay.Providers.Tests.Klaviyo;

/// <summary>The Klaviyo emulator on a loopback port and a client built by <see cref="KlaviyoProviderFactory"/> pointed at it.</summary>
internal sealed class KlaviyoFixture : IAsyncDisposable
{
    public const string ApiKey = "pk_test_account";

    private readonly HttpClient _http = new();

    private KlaviyoFixture(EmulatorHost host, KlaviyoEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    public EmulatorHost Host { get; }

    public KlaviyoEmulator Emulator { get; }

    public InstantTimeProvider Time { get; } = new();

    public static async Task<KlaviyoFixture> StartAsync(KlaviyoEmulatorOptions? options = null)
    {
        var emulator = new KlaviyoEmulator(options);
        emulator.AddAccount(ApiKey);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [new TikTokEmulator(), emulator]);
        return new KlaviyoFixture(host, emulator);
    }

    public IAudienceProvider Provider(int maxUsersPerRequest = 10_000, params (string Key, string Value)[] extra) => Provider(_http, maxUsersPerRequest, extra);

    public IAudienceProvider Provider(HttpClient http, int maxUsersPerRequest, params (string Key, string Value)[] extra)
    {
        var factory = new KlaviyoProviderFactory();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["ApiKey"] = ApiKey };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        var settings = new ProviderSettings("kl", "klaviyo", Host.UrlFor("klaviyo"), values, factory.DefaultLimits with { MaxUsersPerRequest = maxUsersPerRequest });
        Assert.Empty(factory.Validate(settings));
        return factory.Create(settings, http, Time, NullLoggerFactory.Instance);
    }

    public static DeliveryWork Work(string listId, IReadOnlyList<AudienceUser> users, IDeliverySession? session = null, AudienceType type = AudienceType.Custom) =>
        TestWork.For(listId, users, session, type);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}

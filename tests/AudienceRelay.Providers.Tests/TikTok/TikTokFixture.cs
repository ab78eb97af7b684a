using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.TikTok;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.TikTok;
using Microsoft.Extensions.Logging.Abstractions;

namespace AudienceRelay.Providers.Tests.TikTok;

/// <summary>The TikTok emulator on a loopback port and a client built by <see cref="TikTokProviderFactory"/> pointed at it.</summary>
internal sealed class TikTokFixture : IAsyncDisposable
{
    public const string Advertiser = "7100000000000000001";
    public const string Token = "tiktok-test-token";

    private readonly HttpClient _http = new();

    private TikTokFixture(EmulatorHost host, TikTokEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    public EmulatorHost Host { get; }

    public TikTokEmulator Emulator { get; }

    public HttpClient Http => _http;

    public static async Task<TikTokFixture> StartAsync(TikTokEmulatorOptions? options = null)
    {
        var emulator = new TikTokEmulator(options);
        emulator.AddAdvertiser(Advertiser, Token);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator, new KlaviyoEmulator()]);
        return new TikTokFixture(host, emulator);
    }

    public IAudienceProvider Provider(int maxUsersPerRequest = 10_000, string token = Token, HttpClient? http = null)
    {
        var factory = new TikTokProviderFactory();
        var settings = new ProviderSettings(
            "tt",
            "tiktok",
            Host.UrlFor("tiktok"),
            new Dictionary<string, string?> { ["AccessToken"] = token, ["AdvertiserId"] = Advertiser },
            factory.DefaultLimits with { MaxUsersPerRequest = maxUsersPerRequest });
        Assert.Empty(factory.Validate(settings));
        return factory.Create(settings, http ?? _http, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static DeliveryWork Work(string audienceId, IReadOnlyList<AudienceUser> users, IDeliverySession? session = null, AudienceType type = AudienceType.Custom) =>
        TestWork.For(audienceId, users, session, type);

    public static string Sha256(string value) => TestWork.Sha256(value);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}

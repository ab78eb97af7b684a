using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Emulators.TikTok;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// The three platform emulators on one loopback port, with the accounts the tests use, and the provider settings
/// that point server instances at them. Meta's traffic is also recorded as it arrived on the wire.
/// </summary>
internal sealed class PlatformEmulators : IAsyncDisposable
{
    public const string UsAccount = "1000000000000101";
    public const string UsToken = "meta-token-us";
    public const string EuAccount = "1000000000000202";
    public const string EuToken = "meta-token-eu";
    public const string Advertiser = "7000000000000042";
    public const string TikTokToken = "tiktok-token-tests";
    public const string KlaviyoKey = "pk_platform_tests_key";

    private PlatformEmulators(EmulatorHost host, MetaEmulator meta, RecordingEmulator metaWire, TikTokEmulator tikTok, KlaviyoEmulator klaviyo)
    {
        Host = host;
        Meta = meta;
        MetaWire = metaWire;
        TikTok = tikTok;
        Klaviyo = klaviyo;
    }

    public EmulatorHost Host { get; }

    public MetaEmulator Meta { get; }

    /// <summary>Every request Meta's emulator received, bodies included, in arrival order.</summary>
    public RecordingEmulator MetaWire { get; }

    public TikTokEmulator TikTok { get; }

    public KlaviyoEmulator Klaviyo { get; }

    public static async Task<PlatformEmulators> StartAsync()
    {
        var meta = new MetaEmulator();
        meta.AddAdAccount(UsAccount, UsToken);
        meta.AddAdAccount(EuAccount, EuToken);
        var tikTok = new TikTokEmulator();
        tikTok.AddAdvertiser(Advertiser, TikTokToken);
        var klaviyo = new KlaviyoEmulator();
        klaviyo.AddAccount(KlaviyoKey);
        var wire = new RecordingEmulator(meta);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [wire, tikTok, klaviyo]);
        return new PlatformEmulators(host, meta, wire, tikTok, klaviyo);
    }

    /// <summary>A Meta instance on one ad account; requests are not rate-limited by us so a test never waits on our own bucket.</summary>
    public Dictionary<string, string?> Facebook(string instance = "fb_us", string account = UsAccount, string token = UsToken, int? maxUsersPerRequest = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Providers:{instance}:Type"] = "facebook",
            [$"Providers:{instance}:BaseUrl"] = Host.UrlFor("meta").ToString(),
            [$"Providers:{instance}:AccessToken"] = token,
            [$"Providers:{instance}:AdAccountId"] = "act_" + account,
            [$"Providers:{instance}:RequestsPerSecond"] = "1000",
        };
        if (maxUsersPerRequest is { } max)
        {
            settings[$"Providers:{instance}:MaxUsersPerRequest"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public Dictionary<string, string?> TikTokInstance(string instance = "tt") => new()
    {
        [$"Providers:{instance}:Type"] = "tiktok",
        [$"Providers:{instance}:BaseUrl"] = Host.UrlFor("tiktok").ToString(),
        [$"Providers:{instance}:AccessToken"] = TikTokToken,
        [$"Providers:{instance}:AdvertiserId"] = Advertiser,
        [$"Providers:{instance}:RequestsPerSecond"] = "1000",
    };

    /// <summary>A Klaviyo instance that polls its import jobs without waiting (the emulator completes a job on the second poll).</summary>
    public Dictionary<string, string?> KlaviyoInstance(string instance = "kl") => new()
    {
        [$"Providers:{instance}:Type"] = "klaviyo",
        [$"Providers:{instance}:BaseUrl"] = Host.UrlFor("klaviyo").ToString(),
        [$"Providers:{instance}:ApiKey"] = KlaviyoKey,
        [$"Providers:{instance}:ImportPollSeconds"] = "0",
        [$"Providers:{instance}:RequestsPerSecond"] = "1000",
    };

    /// <summary>Merges instances' settings with a short poll interval (for tests on the real clock).</summary>
    public static Dictionary<string, string?> Settings(params IEnumerable<KeyValuePair<string, string?>>[] parts)
    {
        var merged = new Dictionary<string, string?> { ["Delivery:PollInterval"] = "00:00:00.100" };
        foreach (var (key, value) in parts.SelectMany(p => p))
        {
            merged[key] = value;
        }

        return merged;
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

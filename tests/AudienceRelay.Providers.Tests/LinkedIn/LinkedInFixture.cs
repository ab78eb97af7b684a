using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.LinkedIn;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.LinkedIn;
using Microsoft.Extensions.Logging.Abstractions;

namespace AudienceRelay.Providers.Tests.LinkedIn;

/// <summary>The LinkedIn emulator on a loopback port and clients built by <see cref="LinkedInProviderFactory"/> pointed at it.</summary>
internal sealed class LinkedInFixture : IAsyncDisposable
{
    public const string Account = "510000123";
    public const string Token = "li-provider-token";
    public const string ClientId = "li-client";
    public const string ClientSecret = "li-secret";
    public const string RefreshToken = "li-refresh";

    private readonly HttpClient _http = new();

    private LinkedInFixture(EmulatorHost host, LinkedInEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    public EmulatorHost Host { get; }

    public LinkedInEmulator Emulator { get; }

    /// <summary>Starts the emulator; new segments take users at once unless <paramref name="options"/> says otherwise.</summary>
    public static async Task<LinkedInFixture> StartAsync(LinkedInEmulatorOptions? options = null, TimeProvider? emulatorClock = null)
    {
        var emulator = new LinkedInEmulator(options ?? new LinkedInEmulatorOptions { ReadinessDelay = TimeSpan.Zero }, emulatorClock);
        emulator.AddAccount(Account, Token);
        emulator.AddRefreshGrant(ClientId, ClientSecret, RefreshToken, Account);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new LinkedInFixture(host, emulator);
    }

    /// <summary>A client with the fixed token, or with the refresh trio when <paramref name="refresh"/> is set.</summary>
    public IAudienceProvider Provider(
        int maxUsersPerRequest = 5_000, bool refresh = false, string? token = Token, string version = "202607", string refreshToken = RefreshToken, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AdAccountId"] = Account,
            ["LinkedInVersion"] = version,
            ["SourcePlatform"] = "TESTS",
            ["AccessToken"] = token,
        };
        if (refresh)
        {
            values["ClientId"] = ClientId;
            values["ClientSecret"] = ClientSecret;
            values["RefreshToken"] = refreshToken;
            values["TokenUrl"] = Host.UrlFor("linkedin") + "/oauth/v2/accessToken";
        }

        var factory = new LinkedInProviderFactory();
        var settings = new ProviderSettings("li", "linkedin", Host.UrlFor("linkedin"), values, factory.DefaultLimits with { MaxUsersPerRequest = maxUsersPerRequest });
        Assert.Empty(factory.Validate(settings));
        return factory.Create(settings, _http, time ?? TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static async Task<string> SegmentAsync(IAudienceProvider provider, string name = "customers", AudienceType type = AudienceType.Custom) =>
        (await provider.FindOrCreateAudienceAsync(new AudienceRequest(name, type), CancellationToken.None)).AudienceId!;

    public static DeliveryWork Work(string segmentId, IReadOnlyList<AudienceUser> users, IDeliverySession? session = null, AudienceType type = AudienceType.Custom) =>
        TestWork.For(segmentId, users, session, type);

    public static List<AudienceUser> Users(params string[] names) => [.. names.Select(n => new AudienceUser { Email = $"{n}@example.com" })];

    public static HashSet<string> Hashes(params string[] names) => TestWork.EmailHashes(names);

    public static string Sha256(string value) => TestWork.Sha256(value);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}

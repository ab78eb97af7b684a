using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.LinkedIn;

namespace AudienceRelay.Server.Tests.Platforms.LinkedIn;

/// <summary>The LinkedIn emulator on a loopback port with the tests' account and refresh grant, and the settings of an instance pointed at it.</summary>
internal sealed class LinkedInPlatform : IAsyncDisposable
{
    public const string Account = "510000999";
    public const string Token = "li-server-tests-token";
    public const string ClientId = "li-server-client";
    public const string ClientSecret = "li-server-secret";
    public const string RefreshToken = "li-server-refresh";

    private LinkedInPlatform(EmulatorHost host, LinkedInEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    public EmulatorHost Host { get; }

    public LinkedInEmulator Emulator { get; }

    /// <summary>New segments take users at once unless <paramref name="readinessDelay"/> is given (then on <paramref name="clock"/>).</summary>
    public static async Task<LinkedInPlatform> StartAsync(TimeSpan? readinessDelay = null, TimeProvider? clock = null)
    {
        var emulator = new LinkedInEmulator(new LinkedInEmulatorOptions { ReadinessDelay = readinessDelay ?? TimeSpan.Zero }, clock);
        emulator.AddAccount(Account, Token);
        emulator.AddRefreshGrant(ClientId, ClientSecret, RefreshToken, Account);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new LinkedInPlatform(host, emulator);
    }

    /// <summary>An instance with the fixed token, or with only the refresh trio; not rate-limited by us.</summary>
    public Dictionary<string, string?> Instance(string instance = "li", bool refresh = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:PollInterval"] = "00:00:00.100",
            [$"Providers:{instance}:Type"] = "linkedin",
            [$"Providers:{instance}:BaseUrl"] = Host.UrlFor("linkedin").ToString(),
            [$"Providers:{instance}:AdAccountId"] = Account,
            [$"Providers:{instance}:RequestsPerSecond"] = "1000",
        };
        if (refresh)
        {
            settings[$"Providers:{instance}:ClientId"] = ClientId;
            settings[$"Providers:{instance}:ClientSecret"] = ClientSecret;
            settings[$"Providers:{instance}:RefreshToken"] = RefreshToken;
            settings[$"Providers:{instance}:TokenUrl"] = Host.UrlFor("linkedin") + "/oauth/v2/accessToken";
        }
        else
        {
            settings[$"Providers:{instance}:AccessToken"] = Token;
        }

        return settings;
    }

    public string SegmentId(string name) => Assert.Single(Emulator.Segments(Account), s => s.Name == name).Id;

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

using AudienceRelay.Emulators.Google;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// The Google Ads emulator on a loopback port with two accounts (one reached through a manager), and the provider
/// settings that point server instances at it. Jobs end 50 ms after :run; the client looks every 20 ms.
/// </summary>
internal sealed class GoogleTestPlatform : IAsyncDisposable
{
    public const string Customer = "1112223333";
    public const string ClientCustomer = "4445556666";
    public const string Manager = "9998887777";
    public const string DeveloperToken = "google-dev-token-tests";
    public const string ClientId = "tests.apps.googleusercontent.com";
    public const string ClientSecret = "google-client-secret-tests";
    public const string RefreshToken = "google-refresh-token-tests";

    private GoogleTestPlatform(EmulatorHost host, GoogleEmulator google)
    {
        Host = host;
        Google = google;
    }

    public EmulatorHost Host { get; }

    public GoogleEmulator Google { get; }

    public static async Task<GoogleTestPlatform> StartAsync()
    {
        var google = new GoogleEmulator(new GoogleEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(50) });
        google.AddCustomer(Customer);
        google.AddCustomer(ClientCustomer, managerId: Manager);
        google.AddDeveloperToken(DeveloperToken);
        google.AddOAuthClient(ClientId, ClientSecret, RefreshToken);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [google]);
        return new GoogleTestPlatform(host, google);
    }

    /// <summary>A Google instance; short retries so a retried delivery is seen within a test's time.</summary>
    public Dictionary<string, string?> Instance(string instance = "gads", string customer = "111-222-3333", string? loginCustomer = null, string consent = "GRANTED")
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Providers:{instance}:Type"] = "google",
            [$"Providers:{instance}:BaseUrl"] = Host.UrlFor("google").ToString(),
            [$"Providers:{instance}:TokenUrl"] = Host.UrlFor("google") + "/token",
            [$"Providers:{instance}:CustomerId"] = customer,
            [$"Providers:{instance}:DeveloperToken"] = DeveloperToken,
            [$"Providers:{instance}:ClientId"] = ClientId,
            [$"Providers:{instance}:ClientSecret"] = ClientSecret,
            [$"Providers:{instance}:RefreshToken"] = RefreshToken,
            [$"Providers:{instance}:AdUserDataConsent"] = consent,
            [$"Providers:{instance}:AdPersonalizationConsent"] = consent,
            [$"Providers:{instance}:JobPollInterval"] = "00:00:00.020",
            [$"Providers:{instance}:RequestsPerSecond"] = "1000",
            ["Delivery:RetryBaseDelay"] = "00:00:00.100",
            ["Delivery:MaxRetryDelay"] = "00:00:00.500",
        };
        if (loginCustomer is not null)
        {
            settings[$"Providers:{instance}:LoginCustomerId"] = loginCustomer;
        }

        return settings;
    }

    /// <summary>The one list with this name in the account.</summary>
    public GoogleListView List(string name, string customer = Customer) => Assert.Single(Google.Lists(customer), l => l.Name == name);

    public static string Email(string normalized) => "hashedEmail:" + Expected.Sha(normalized);

    public static string Phone(string e164) => "hashedPhoneNumber:" + Expected.Sha(e164);

    public static string Address(string first, string last, string country, string postal) => $"address:{Expected.Sha(first)}|{Expected.Sha(last)}|{country}|{postal}";

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

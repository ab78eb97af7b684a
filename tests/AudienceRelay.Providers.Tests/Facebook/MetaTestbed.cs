using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Facebook;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>
/// The Meta emulator on a real loopback port, and providers made by <see cref="FacebookProviderFactory"/> that reach
/// it through a <see cref="GraphTap"/>. One per test: each test has its own emulator state.
/// </summary>
internal sealed class MetaTestbed : IAsyncDisposable
{
    public const string AccountId = "1234567890";
    public const string Token = "meta-test-token-7f3a";
    public const string Instance = "fb_test";

    private readonly List<HttpClient> _clients = [];

    private MetaTestbed(EmulatorHost host, MetaEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    public EmulatorHost Host { get; }
    public MetaEmulator Emulator { get; }
    public GraphTap Tap { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public FacebookProviderFactory Factory { get; } = new();

    public static async Task<MetaTestbed> StartAsync(MetaEmulatorOptions? options = null)
    {
        var emulator = new MetaEmulator(options);
        emulator.AddAdAccount(AccountId, Token);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new MetaTestbed(host, emulator);
    }

    public static string Sha(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));

    public ProviderSettings Settings(int maxUsersPerRequest = 10_000, params (string Key, string? Value)[] extra) => Settings(Instance, maxUsersPerRequest, extra);

    public ProviderSettings Settings(string instance, int maxUsersPerRequest, params (string Key, string? Value)[] extra)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AccessToken"] = Token,
            ["AdAccountId"] = "act_" + AccountId,
        };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        return new ProviderSettings(instance, "facebook", Host.UrlFor("meta"), values, Factory.DefaultLimits with { MaxUsersPerRequest = maxUsersPerRequest });
    }

    public IAudienceProvider Provider(int maxUsersPerRequest = 10_000, params (string Key, string? Value)[] extra) => Provider(Instance, maxUsersPerRequest, extra);

    public IAudienceProvider Provider(string instance, int maxUsersPerRequest, params (string Key, string? Value)[] extra)
    {
        var settings = Settings(instance, maxUsersPerRequest, extra);
        Assert.Empty(Factory.Validate(settings));
        var http = new HttpClient(Tap, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(http);
        return Factory.Create(settings, http, Time, NullLoggerFactory.Instance);
    }

    /// <summary>One batch of a session as the engine hands it to the provider.</summary>
    public static DeliveryWork Work(
        string audienceId, IReadOnlyList<AudienceUser> users, FakeDeliverySession session, long sessionId = 77, long sequence = 1,
        int totalBatches = 1, long totalUsers = 0, AudienceType type = AudienceType.Custom, int attempt = 1) => new()
        {
            AudienceId = audienceId,
            AudienceName = "blotout_test",
            Type = type,
            Batch = new BatchInfo(sessionId, sequence, totalBatches, totalUsers == 0 ? users.Count : totalUsers, null),
            Users = users,
            Keys = [.. users.Select(IdentityNormalizer.Normalize)],
            Hashes = new HashCache(),
            Session = session,
            Attempt = attempt,
        };

    /// <summary>The Meta session id our session <paramref name="sessionId"/> gets at the test instance's audience (first generation).</summary>
    public static long MetaSession(string audienceId, long sessionId = 77) => MetaSessionIds.For(Instance, audienceId, sessionId, generation: 0);

    /// <summary>Adds a batch of a session to <paramref name="ledger"/>'s stored batches (sequence from 1, in order).</summary>
    public static void Store(FakeSessionLedger ledger, IReadOnlyList<AudienceUser> users, long sessionId = 2)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var sequence = ledger.Batches.Count + 1;
        ledger.Batches.Add(new SessionBatch(new BatchInfo(sessionId, sequence, ledger.TotalBatches, users.Count, null), users, [.. users.Select(IdentityNormalizer.Normalize)], new HashCache()));
    }

    /// <summary>Users with only an email, <c>{prefix}{n}@example.com</c>.</summary>
    public static IReadOnlyList<AudienceUser> Emails(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(n => new AudienceUser { Email = $"{prefix}{n}@example.com" })];

    public static ISet<string> Hashes(IEnumerable<AudienceUser> users) => users.Select(u => Sha(u.Email!)).ToHashSet(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Tap.Dispose();
        await Host.DisposeAsync();
    }
}

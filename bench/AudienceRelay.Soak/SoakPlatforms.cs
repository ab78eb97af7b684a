using System.Security.Cryptography;
using AudienceRelay.Emulators.Google;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.LinkedIn;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Emulators.Pinterest;
using AudienceRelay.Emulators.Snapchat;
using AudienceRelay.Emulators.TikTok;

namespace AudienceRelay.Soak;

/// <summary>
/// Every sandbox platform (configured as src/AudienceRelay.Sandbox/SandboxPlatforms.cs does) plus the webhook sink:
/// the emulators the driver hosts, the provider settings that reach them, and how to read back from each platform's
/// own state the audiences of a name and their members (as lower-hex SHA-256 of the email).
/// </summary>
internal sealed class SoakPlatforms
{
    private readonly MetaEmulator _meta = new(new MetaEmulatorOptions { RegisterSandboxAccount = true });
    private readonly TikTokEmulator _tiktok = new();
    private readonly KlaviyoEmulator _klaviyo = new();
    private readonly GoogleEmulator _google = new();
    private readonly SnapchatEmulator _snapchat = new();
    private readonly PinterestEmulator _pinterest = new();
    private readonly LinkedInEmulator _linkedin = new();
    private readonly string _webhookSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public SoakPlatforms() => Webhook = new WebhookSink(_webhookSecret);

    public WebhookSink Webhook { get; }

    public IReadOnlyList<IPlatformEmulator> Emulators => [_meta, _tiktok, _klaviyo, _google, _snapchat, _pinterest, _linkedin, Webhook];

    /// <summary>One line per provider instance: its name, its emulator, whether a primary audience is replaced there, and its audiences of a name.</summary>
    public IReadOnlyList<SoakPlatform> All =>
    [
        new("meta", _meta, true, name => [.. _meta.Audiences(MetaEmulator.SandboxAdAccountId).Where(a => a.Name == name).Select(a => _meta.MemberEmails(a.Id))])
        {
            // Meta's own "audience busy" (2650, while another replace runs) and "not yet visible" (803) answers are
            // waited out with an attempt, as a 5xx is: they are no throttle.
            Refusals = () => _meta.Requests.Count(r => r.ErrorCode is 2650 or 803),
        },
        new("tiktok", _tiktok, true, name => [.. _tiktok.Audiences(_tiktok.Options.SandboxAdvertiserId).Where(a => a.Name == name).Select(a => _tiktok.Members(a.AudienceId, "EMAIL_SHA256"))]),
        new("klaviyo", _klaviyo, true, name => [.. _klaviyo.Lists().Where(l => l.Name == name).Select(l => Hashes(_klaviyo.ListMembers(l.Id).Select(p => p.Email)))]),
        new("google", _google, true, name => [.. _google.Lists(_google.Options.SandboxCustomerId).Where(l => l.Name == name).Select(l => Prefixed(_google.Members(l.Id), "hashedEmail:"))]),
        new("snapchat", _snapchat, true, name => [.. _snapchat.Segments(_snapchat.Options.SandboxAdAccountId).Where(s => s.Name == name).Select(s => _snapchat.Members(s.Id, "EMAIL_SHA256"))]),
        new("pinterest", _pinterest, true, name => [.. _pinterest.CustomerLists(_pinterest.Options.SandboxAdAccountId).Where(l => l.Name == name).Select(l => _pinterest.Members(_pinterest.Options.SandboxAdAccountId, l.Id))]),
        new("linkedin", _linkedin, true, name => [.. _linkedin.Segments(_linkedin.Options.SandboxAccountId).Where(s => s.Name == name).Select(s => _linkedin.MemberIds(s.Id, "SHA256_EMAIL"))]),

        // A webhook has no audience object and no replace: it receives every batch; each user must arrive.
        new("webhook", Webhook, false, name => Webhook.Received(name) is { } received ? [received] : []),
    ];

    /// <summary>The provider instances' settings, one per platform, reaching the emulators under <paramref name="host"/>.</summary>
    public Dictionary<string, string> Settings(EmulatorHost host)
    {
        var root = host.BaseUri.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        void Instance(string name, string type, params (string Key, string Value)[] values)
        {
            settings[$"Providers:{name}:Type"] = type;
            settings[$"Providers:{name}:BaseUrl"] = $"{root}/{name}";
            foreach (var (key, value) in values)
            {
                settings[$"Providers:{name}:{key}"] = value;
            }
        }

        Instance("meta", "facebook", ("AccessToken", MetaEmulator.SandboxAccessToken), ("AdAccountId", MetaEmulator.SandboxAdAccountId));
        Instance("tiktok", "tiktok", ("AccessToken", _tiktok.Options.SandboxAccessToken), ("AdvertiserId", _tiktok.Options.SandboxAdvertiserId));
        Instance("klaviyo", "klaviyo", ("ApiKey", _klaviyo.Options.SandboxApiKey));
        var google = _google.Options;
        Instance("google", "google", ("CustomerId", google.SandboxCustomerId), ("DeveloperToken", google.SandboxDeveloperToken), ("ClientId", google.SandboxClientId),
            ("ClientSecret", google.SandboxClientSecret), ("RefreshToken", google.SandboxRefreshToken), ("TokenUrl", root + "/google/token"), ("JobPollInterval", "00:00:00.500"));
        var snapchat = _snapchat.Options;
        Instance("snapchat", "snapchat", ("AdAccountId", snapchat.SandboxAdAccountId), ("ClientId", snapchat.SandboxClientId), ("ClientSecret", snapchat.SandboxClientSecret),
            ("RefreshToken", snapchat.SandboxRefreshToken), ("TokenUrl", $"{root}/snapchat/{SnapchatEmulator.TokenPath}"));
        Instance("pinterest", "pinterest", ("AdAccountId", _pinterest.Options.SandboxAdAccountId), ("AccessToken", _pinterest.Options.SandboxAccessToken));
        Instance("linkedin", "linkedin", ("AccessToken", _linkedin.Options.SandboxAccessToken), ("AdAccountId", _linkedin.Options.SandboxAccountId));
        Instance("webhook", "webhook", ("Secret", _webhookSecret));
        settings["Providers:webhook:Url"] = $"{root}/webhook/{WebhookSink.Path}";
        settings.Remove("Providers:webhook:BaseUrl");
        return settings;
    }

    private static HashSet<string> Hashes(IEnumerable<string?> emails) => [.. emails.OfType<string>().Select(Verification.Sha256)];

    private static HashSet<string> Prefixed(IEnumerable<string> members, string prefix) =>
        [.. members.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).Select(m => m[prefix.Length..])];
}

/// <summary>One provider instance of the soak and how to read its audiences of a name back from the platform's state.</summary>
internal sealed record SoakPlatform(string Instance, IPlatformEmulator Emulator, bool ReplacesPrimary, Func<string, IReadOnlyList<IReadOnlySet<string>>> Audiences)
{
    /// <summary>The platform's own refusals (not injected faults) that a retry may answer with an attempt.</summary>
    public Func<int> Refusals { get; init; } = () => 0;
}

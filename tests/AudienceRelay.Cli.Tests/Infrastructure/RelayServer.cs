using AudienceRelay.Client;
using AudienceRelay.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>The real AudienceRelay server, in-process on a free loopback port, with its own SQLite file.</summary>
public sealed class RelayServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TempFolder folder;

    private RelayServer(WebApplication app, TempFolder folder, Uri address)
    {
        this.app = app;
        this.folder = folder;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri Address { get; }

    public string Url => Address.ToString().TrimEnd('/');

    public HttpClient Http { get; }

    public static async Task<RelayServer> StartAsync(params string[] settings)
    {
        var folder = new TempFolder();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Audience", $"Data Source={folder.File("audience.db")}",
            "--Store:PayloadKeyFile", folder.File("payload.key"),
            .. settings,
            // Without a provider the server refuses uploads (503); a test that configures none gets one
            // webhook instance that is never delivered to, so its batches stay stored for status checks.
            .. settings.Any(s => s.StartsWith("--Providers:", StringComparison.Ordinal))
                ? Array.Empty<string>()
                : ["--Providers:idle:Type", "webhook", "--Providers:idle:Url", "http://127.0.0.1:9/idle", "--Providers:idle:Secret", "an-idle-test-secret-0123", "--Delivery:Enabled", "false"],
        ];
        var app = AudienceRelayApp.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new RelayServer(app, folder, new Uri(app.Urls.First()));
    }

    public AudienceRelayClient Client(string? apiKey = null) => new(Http, apiKey);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        folder.Dispose();
    }
}

using AudienceRelay.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Server.Tests.Sandbox;

/// <summary>The sandbox host (the real server composed with the emulators, as <c>dotnet run --project src/AudienceRelay.Sandbox</c> runs it) on a free port with its own SQLite file.</summary>
internal sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public HttpClient Http { get; }

    public static async Task<SandboxServer> StartAsync(int emulatorPort, params string[] extra)
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-sandbox-").FullName;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Audience", $"Data Source={Path.Combine(folder, "audience.db")}",
            "--Store:PayloadKeyFile", Path.Combine(folder, "payload.key"),
            "--Delivery:PollInterval", "00:00:00.200",
            "--Sandbox:EmulatorUrl", $"http://127.0.0.1:{emulatorPort}",
            .. extra,
        ];
        var app = SandboxApp.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

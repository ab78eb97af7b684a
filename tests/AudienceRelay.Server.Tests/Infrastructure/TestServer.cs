using AudienceRelay.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Server.Tests.Infrastructure;

/// <summary>
/// The real server, started in-process on a free loopback port with its own SQLite file, reached
/// over real HTTP. Each test gets its own folder, so databases never mix.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, string folder, Uri baseAddress)
    {
        _app = app;
        Folder = folder;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Folder { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string DatabasePath => Path.Combine(Folder, "audience.db");

    /// <param name="services">Changes to the server's services after its own registrations (e.g. a store wrapper that injects faults).</param>
    /// <param name="sandbox">Compose the sandbox host (the server with the platform emulators), as <c>dotnet run --project src/AudienceRelay.Sandbox</c> does.</param>
    public static async Task<TestServer> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null, string? folder = null, Action<IServiceCollection>? services = null, bool sandbox = false)
    {
        folder ??= Directory.CreateTempSubdirectory("audience-relay-test-").FullName;
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Audience", $"Data Source={Path.Combine(folder, "audience.db")}",
            "--Store:PayloadKeyFile", Path.Combine(folder, "payload.key"),
            "--Delivery:PollInterval", "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add("--" + key);
            args.Add(value ?? string.Empty);
        }

        Func<string[], Action<WebApplicationBuilder>?, WebApplication> build = sandbox ? AudienceRelay.Sandbox.SandboxApp.Build : AudienceRelayApp.Build;
        var app = build([.. args], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (time is not null)
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton(time);
            }

            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, folder, new Uri(address));
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

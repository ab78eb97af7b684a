using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Emulators.Hosting;

/// <summary>
/// Runs a set of platform emulators in one Kestrel server on its own port, each under <c>/{Name}</c>.
/// Real HTTP on loopback: the server under test talks to it exactly as it would to the platform.
/// Control routes under <c>/_emulator/{Name}</c> let tests and the sandbox read state and queue faults.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, IReadOnlyList<IPlatformEmulator> emulators, Uri baseUri)
    {
        _app = app;
        Emulators = emulators;
        BaseUri = baseUri;
    }

    public IReadOnlyList<IPlatformEmulator> Emulators { get; }

    /// <summary>Where the host listens, e.g. <c>http://127.0.0.1:5081/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The BaseUrl a provider instance uses to reach one emulator.</summary>
    public Uri UrlFor(string name) => new(BaseUri, name);

    public T Get<T>() where T : IPlatformEmulator => Emulators.OfType<T>().Single();

    /// <summary>Starts the host on <paramref name="url"/> (port 0 picks a free port).</summary>
    public static async Task<EmulatorHost> StartAsync(string url, IEnumerable<IPlatformEmulator> emulators, CancellationToken cancellationToken = default)
    {
        var list = emulators.ToList();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        var app = builder.Build();
        foreach (var emulator in list)
        {
            emulator.Map(app.MapGroup("/" + emulator.Name));
            var control = app.MapGroup("/_emulator/" + emulator.Name);
            control.MapGet("/state", (int? sample) => Results.Json(emulator.Snapshot(sample ?? 5)));
            control.MapPost("/faults", (Fault fault) =>
            {
                emulator.Faults.Add(fault);
                return Results.NoContent();
            });
            control.MapDelete("/faults", () =>
            {
                emulator.Faults.Clear();
                return Results.NoContent();
            });
        }

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, list, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>A stand-in webhook endpoint: counts the deliveries it receives and answers with a chosen status.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int received;

    private WebhookReceiver(WebApplication app, HttpStatusCode answer)
    {
        this.app = app;
        app.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref received);
            return Results.StatusCode((int)answer);
        });
    }

    public int Received => Volatile.Read(ref received);

    public string Url => app.Urls.First() + "/hook";

    /// <summary>The server settings of a webhook provider instance named <paramref name="instance"/> posting here.</summary>
    public string[] ProviderSettings(string instance) =>
    [
        $"--Providers:{instance}:Type", "webhook",
        $"--Providers:{instance}:Url", Url,
        $"--Providers:{instance}:Secret", "a-test-secret-of-enough-length",
    ];

    public static async Task<WebhookReceiver> StartAsync(HttpStatusCode answer = HttpStatusCode.OK)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var receiver = new WebhookReceiver(builder.Build(), answer);
        await receiver.app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

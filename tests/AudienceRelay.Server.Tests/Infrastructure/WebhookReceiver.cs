using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Server.Tests.Infrastructure;

/// <summary>
/// The operator's webhook endpoint, at the network edge: a real Kestrel server on loopback that
/// records every request (verifying its signature) and answers with the statuses a test queues.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret-0123456789";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task<int>>> _plan = new();
    private readonly Channel<ReceivedHook> _received = Channel.CreateUnbounded<ReceivedHook>();
    private readonly Channel<string> _arrived = Channel.CreateUnbounded<string>();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentBag<ReceivedHook> All { get; } = [];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async context => await receiver!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address + "/hook"));
        return receiver;
    }

    /// <summary>The next request gets this status (and optional headers); later ones get 200.</summary>
    public void Answer(int status, string? retryAfter = null) => _plan.Enqueue(context =>
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Task.FromResult(status);
    });

    /// <summary>The next request waits for <paramref name="release"/> (or its connection to drop) before answering 200.</summary>
    public void Hold(Task release) => _plan.Enqueue(async context =>
    {
        await release.WaitAsync(context.RequestAborted);
        return 200;
    });

    /// <summary>The idempotency key of the next request to arrive, before it is answered.</summary>
    public async Task<string> ArrivedAsync(TimeSpan? timeout = null) =>
        await _arrived.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public async Task<ReceivedHook> NextAsync(TimeSpan? timeout = null) =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var timestamp = context.Request.Headers["X-AudienceRelay-Timestamp"].ToString();
        var signature = context.Request.Headers["X-AudienceRelay-Signature"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. body]));
        _arrived.Writer.TryWrite(context.Request.Headers["Idempotency-Key"].ToString());
        var status = _plan.TryDequeue(out var plan) ? await plan(context) : 200;
        var hook = new ReceivedHook(JsonDocument.Parse(body).RootElement.Clone(), signature == expected, context.Request.Headers["Idempotency-Key"].ToString(), status);
        All.Add(hook);
        _received.Writer.TryWrite(hook);
        context.Response.StatusCode = status;
    }
}

/// <summary>One request the webhook received.</summary>
public sealed record ReceivedHook(JsonElement Body, bool SignatureValid, string IdempotencyKey, int AnsweredStatus);

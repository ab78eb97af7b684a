using System.Collections.Concurrent;
using System.Text;
using AudienceRelay.Emulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// Mounts an emulator unchanged and keeps a copy of every request body it receives, in arrival order. The emulators
/// report state, not what was on the wire; some promises (Meta's <c>last_batch_flag</c> on the last request only) are
/// about the wire.
/// </summary>
internal sealed class RecordingEmulator(IPlatformEmulator inner) : IPlatformEmulator
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public string Name => inner.Name;

    public FaultInjector Faults => inner.Faults;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public void Map(IEndpointRouteBuilder routes)
    {
        // The host hands us the emulator's route group: a convention on it wraps each endpoint the emulator maps.
        if (routes is not IEndpointConventionBuilder group)
        {
            throw new InvalidOperationException("The host no longer maps emulators onto a route group.");
        }

        group.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is not { } next)
            {
                return;
            }

            endpoint.RequestDelegate = async context =>
            {
                context.Request.EnableBuffering();
                using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true))
                {
                    var body = await reader.ReadToEndAsync(context.RequestAborted);
                    _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, body));
                }

                context.Request.Body.Position = 0;
                await next(context);
            };
        });
        inner.Map(routes);
    }

    public object Snapshot(int sampleSize) => inner.Snapshot(sampleSize);
}

using System.Diagnostics;
using System.Net;

namespace AudienceRelay.Server.Observability;

/// <summary>
/// Measures one provider instance's HTTP calls. Added twice around the rate limiter: the outer one notes
/// when a request was handed over, the inner one how long the limiter held it and how long the platform
/// took to answer, classed by status (2xx, 4xx, 429, 5xx) or failure (timeout, connection).
/// </summary>
internal sealed class PlatformCallObserver(string instance, bool outer) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<long> HandedOver = new("audience_relay.handed_over");

    public static PlatformCallObserver Outer(string instance) => new(instance, outer: true);

    public static PlatformCallObserver Inner(string instance) => new(instance, outer: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (outer)
        {
            request.Options.Set(HandedOver, Stopwatch.GetTimestamp());
            return await base.SendAsync(request, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        if (request.Options.TryGetValue(HandedOver, out var handedOver))
        {
            AudienceMetrics.RateLimitWaited(instance, Stopwatch.GetElapsedTime(handedOver, started));
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            AudienceMetrics.PlatformRequest(instance, Stopwatch.GetElapsedTime(started), Class(response.StatusCode));
            return response;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            AudienceMetrics.PlatformRequest(instance, Stopwatch.GetElapsedTime(started), "timeout");
            throw;
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            AudienceMetrics.PlatformRequest(instance, Stopwatch.GetElapsedTime(started), "timeout");
            throw;
        }
        catch (HttpRequestException)
        {
            AudienceMetrics.PlatformRequest(instance, Stopwatch.GetElapsedTime(started), "connection");
            throw;
        }
    }

    private static string Class(HttpStatusCode status) => (int)status switch
    {
        429 => "429",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };
}

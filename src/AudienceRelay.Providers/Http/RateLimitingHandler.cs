using System.Threading.RateLimiting;

namespace AudienceRelay.Providers.Http;

/// <summary>
/// Holds every request of one provider instance to its rate (token bucket), so no code path can
/// send past the platform's limit. Waiting here is short by design: long waits belong to the queue.
/// </summary>
public sealed class RateLimitingHandler(RateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new HttpRequestException(HttpRequestError.Unknown, "The instance's request queue is full; the delivery will be retried.");
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

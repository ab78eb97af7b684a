using System.Net;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Http;

/// <summary>The generic part of classifying HTTP answers, for platforms without codes of their own in the body.</summary>
public static class HttpOutcomes
{
    /// <summary>429 → throttled retry honoring Retry-After; 408 and 5xx → retry; other 4xx → failed with <paramref name="detail"/>.</summary>
    public static DeliveryOutcome FromStatus(HttpResponseMessage response, string detail, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new DeliveryOutcome.Retry($"HTTP 429: {detail}", RetryAfter(response, time), Throttled: true),
            HttpStatusCode.RequestTimeout => new DeliveryOutcome.Retry($"HTTP 408: {detail}"),
            _ when status >= 500 => new DeliveryOutcome.Retry($"HTTP {status}: {detail}", RetryAfter(response, time)),
            _ => new DeliveryOutcome.Failed($"HTTP {status}: {detail}"),
        };
    }

    /// <summary>The wait a Retry-After header asks for (seconds or a date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? Max(date - time.GetUtcNow(), TimeSpan.Zero) : null;
    }

    /// <summary>A transport failure (refused, reset, timed out) is always worth a retry.</summary>
    public static DeliveryOutcome Transport(Exception exception) => exception switch
    {
        TaskCanceledException or TimeoutException => new DeliveryOutcome.Retry("the platform did not answer in time"),
        HttpRequestException http => new DeliveryOutcome.Retry($"connection failed ({http.HttpRequestError})"),
        _ => new DeliveryOutcome.Retry($"connection failed ({exception.GetType().Name})"),
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

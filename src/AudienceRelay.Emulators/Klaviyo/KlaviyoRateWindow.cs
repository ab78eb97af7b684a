using System.Globalization;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// The steady (one-minute, fixed) window whose state Klaviyo reports on every non-429 answer as
/// <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c>
/// (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling). Counts, never refuses.
/// </summary>
internal sealed class KlaviyoRateWindow(int limit)
{
    private readonly Lock _gate = new();
    private long _minute = long.MinValue;
    private int _used;

    public void WriteHeaders(HttpResponse response, DateTimeOffset now)
    {
        int remaining;
        lock (_gate)
        {
            var minute = now.ToUnixTimeSeconds() / 60;
            if (minute != _minute)
            {
                _minute = minute;
                _used = 0;
            }

            _used++;
            remaining = Math.Max(0, limit - _used);
        }

        response.Headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = (60 - (now.ToUnixTimeSeconds() % 60)).ToString(CultureInfo.InvariantCulture);
    }
}

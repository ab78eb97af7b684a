using System.Net.Http.Headers;
using System.Text.Json;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// How long Meta asks us to wait after a throttle. Meta sends no Retry-After; instead
/// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting,
/// https://developers.facebook.com/docs/marketing-apis/rate-limiting):
/// <list type="bullet">
/// <item><c>X-Business-Use-Case-Usage</c>: JSON keyed by business object id, each a list of use cases with
/// <c>estimated_time_to_regain_access</c> in minutes; we take the longest.</item>
/// <item><c>X-Ad-Account-Usage</c>: <c>reset_time_duration</c> in seconds.</item>
/// <item><c>X-App-Usage</c> only reports percentages used, with no time, so it cannot give a wait: the engine's
/// backoff applies.</item>
/// </list>
/// Values are read leniently (numbers or numeric strings); anything unreadable is ignored.
/// </summary>
internal static class ThrottleHints
{
    public const string BusinessUseCaseUsage = "X-Business-Use-Case-Usage";
    public const string AdAccountUsage = "X-Ad-Account-Usage";

    // A wait longer than this is not believed: the delivery's own MaxAge bounds retries anyway.
    private static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    public static TimeSpan? Wait(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var minutes = Max(headers, BusinessUseCaseUsage, RegainMinutes);
        if (minutes > 0)
        {
            return Cap(TimeSpan.FromMinutes(minutes));
        }

        var seconds = Max(headers, AdAccountUsage, ResetSeconds);
        return seconds > 0 ? Cap(TimeSpan.FromSeconds(seconds)) : null;
    }

    private static double Max(HttpResponseHeaders headers, string name, Func<JsonElement, double> read)
    {
        if (!headers.TryGetValues(name, out var values))
        {
            return 0;
        }

        var longest = 0d;
        foreach (var value in values)
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                longest = Math.Max(longest, read(document.RootElement));
            }
            catch (JsonException)
            {
                // A malformed usage header is no reason to fail the answer it came with.
            }
        }

        return longest;
    }

    private static double RegainMinutes(JsonElement root)
    {
        var longest = 0d;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return longest;
        }

        foreach (var business in root.EnumerateObject())
        {
            if (business.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var useCase in business.Value.EnumerateArray())
            {
                longest = Math.Max(longest, Number(useCase, "estimated_time_to_regain_access"));
            }
        }

        return longest;
    }

    private static double ResetSeconds(JsonElement root) => Number(root, "reset_time_duration");

    private static double Number(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return 0;
        }

        var number = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 0,
        };
        return double.IsFinite(number) && number > 0 ? number : 0;
    }

    private static TimeSpan Cap(TimeSpan wait) => wait > Longest ? Longest : wait;
}

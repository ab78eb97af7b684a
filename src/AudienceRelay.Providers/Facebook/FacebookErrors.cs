using System.Net.Http.Headers;
using System.Text.Json;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// Turns a Graph error into an outcome. Meta answers HTTP 400 even for throttling, so the code and subcode decide
/// (https://developers.facebook.com/docs/marketing-api/error-reference,
/// https://developers.facebook.com/docs/graph-api/guides/error-handling). The reason quotes Meta's message, which
/// describes the problem and not the uploaded values; our request body is never quoted.
/// </summary>
internal static class FacebookErrors
{
    /// <summary>Meta's "audience busy" subcodes of 2650 while a replace session runs: wait and try again.</summary>
    public static readonly TimeSpan BusyWait = TimeSpan.FromMinutes(5);

    private const int MaxMessageLength = 300;

    /// <param name="replaceSession">
    /// The request was part of a <c>/usersreplace</c> session. There 1870147 means Meta does not know the session (it
    /// never saw batch_seq 1, or dropped it after its time-out): the provider starts the replace again under a new
    /// session, and when that keeps failing the queue retries it. A 2650 without a subcode is retried too — see
    /// docs/providers/facebook.md.
    /// </param>
    public static DeliveryOutcome Classify(GraphErrorBody error, HttpResponseMessage response, bool replaceSession)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(response);
        var reason = Describe(error);
        var outcome = (error.Code, error.ErrorSubcode) switch
        {
            // Rate limits: application (4), user (17), page (32), ad account (613), business use cases (80000-80014).
            (4 or 17 or 32 or 613, _) or (>= 80000 and <= 80014, _) =>
                new DeliveryOutcome.Retry(reason, ThrottleHints.Wait(response.Headers), Throttled: true),

            // Unknown (1), temporary (2) and application-limit (341) errors pass.
            (1 or 2 or 341, _) => new DeliveryOutcome.Retry(reason),

            // The audience is busy with a replace session.
            (2650, 1870145 or 1870158) => new DeliveryOutcome.Retry(reason, BusyWait),

            // A just-created audience is not yet visible to the users edge; a later try works. MaxAge bounds it.
            (803, _) => new DeliveryOutcome.Retry(reason),

            (2650, null or 1870147) when replaceSession =>
                new DeliveryOutcome.Retry(reason + " (Meta does not know this replace session; it is sent again from its first batch)"),

            // Token (190), permissions (10, 200, 294), parameters (100, incl. 33 and 1713230), audience state
            // (2650, 1487301, 1487366), terms not accepted (2655), policy block (368).
            (190 or 200 or 294 or 10 or 100 or 2650 or 1487301 or 1487366 or 2655 or 368, _) => new DeliveryOutcome.Failed(reason),
            _ when error.IsTransient == true => new DeliveryOutcome.Retry(reason),
            _ => (DeliveryOutcome)new DeliveryOutcome.Failed(reason),
        };

        // A 5xx is the platform's own trouble, whatever code it carries.
        return outcome is DeliveryOutcome.Failed && (int)response.StatusCode >= 500
            ? new DeliveryOutcome.Retry($"HTTP {(int)response.StatusCode}: {reason}")
            : outcome;
    }

    public static string Describe(GraphErrorBody error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.ErrorSubcode is { } subcode ? $"{error.Code}/{subcode}" : $"{error.Code}";
        var message = Clean(error.Message) ?? "no message";
        return Clean(error.ErrorUserTitle) is { } title && !message.Contains(title, StringComparison.Ordinal)
            ? $"Meta error {code}: {message} ({title})"
            : $"Meta error {code}: {message}";
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var flat = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= MaxMessageLength ? flat : flat[..MaxMessageLength] + "…";
    }
}

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

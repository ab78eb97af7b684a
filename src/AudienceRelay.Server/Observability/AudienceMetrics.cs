using System.Diagnostics;
using System.Diagnostics.Metrics;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Observability;

/// <summary>
/// The service's own counters and histograms, called from the few places where things happen. Labels are
/// bounded on purpose: provider instance names (from configuration), states, outcome words and error
/// classes; never an audience name, a session id or anything a user sent.
/// </summary>
internal static class AudienceMetrics
{
    public const string MeterName = "AudienceRelay";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Uploads = Meter.CreateCounter<long>("audience_relay.uploads", "{batch}", "Uploaded batches by outcome: stored, duplicate (a client retry), conflict, out_of_range.");
    private static readonly Counter<long> Users = Meter.CreateCounter<long>("audience_relay.users", "{user}", "Users of stored batches: accepted, or skipped with a reason.");
    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("audience_relay.deliveries", "{delivery}", "Deliveries that ended, by instance and state (succeeded, failed, dead).");
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("audience_relay.delivery.attempts", "{attempt}", "Delivery runs by instance and result (succeeded, retry, waiting, failed, dead).");
    private static readonly Counter<long> LeasesLost = Meter.CreateCounter<long>("audience_relay.leases.lost", "{lease}", "Deliveries whose lease was taken over by another worker before they ended.");
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] };
    private static readonly Histogram<double> PlatformDuration = Meter.CreateHistogram("audience_relay.platform.request.duration", "s", "Platform API requests by instance and class (2xx, 4xx, 429, 5xx, timeout, connection).", tags: null, advice: Seconds);
    private static readonly Counter<long> PlatformErrors = Meter.CreateCounter<long>("audience_relay.platform.request.errors", "{request}", "Platform API requests that did not answer 2xx, by instance and class.");
    private static readonly Counter<long> RateLimitWaits = Meter.CreateCounter<long>("audience_relay.rate_limit.waits", "{request}", "Platform requests that waited for the instance's rate limit.");
    private static readonly Histogram<double> RateLimitWaitDuration = Meter.CreateHistogram("audience_relay.rate_limit.wait.duration", "s", "Time platform requests waited for the instance's rate limit.", tags: null, advice: Seconds);

    /// <summary>Below this a request did not really wait: a free token takes microseconds, a first call's warm-up a few milliseconds.</summary>
    private static readonly TimeSpan WaitThreshold = TimeSpan.FromMilliseconds(50);

    public static void UploadAccepted(AcceptOutcome outcome, int usableUsers, IReadOnlyDictionary<string, int> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var word = outcome switch
        {
            AcceptOutcome.Stored => "stored",
            AcceptOutcome.Duplicate => "duplicate",
            AcceptOutcome.Conflict => "conflict",
            _ => "out_of_range",
        };
        Uploads.Add(1, new KeyValuePair<string, object?>("outcome", word));
        if (outcome is not AcceptOutcome.Stored)
        {
            return;
        }

        Users.Add(usableUsers, new KeyValuePair<string, object?>("outcome", "accepted"), new KeyValuePair<string, object?>("reason", "none"));
        foreach (var (reason, count) in skipped)
        {
            Users.Add(count, new KeyValuePair<string, object?>("outcome", "skipped"), new KeyValuePair<string, object?>("reason", BoundedWord(reason)));
        }
    }

    /// <summary>One delivery run written back: an attempt, and when it ended, a delivery; the delivery's span gets its state.</summary>
    public static void DeliveryCompleted(string instance, DeliveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var state = result.State.ToText();
        var attemptResult = result.State switch
        {
            DeliveryState.Pending when result.WaitingForSession => "waiting",
            DeliveryState.Pending => "retry",
            _ => state,
        };
        Attempts.Add(1, new KeyValuePair<string, object?>("instance", instance), new KeyValuePair<string, object?>("result", attemptResult));
        if (result.State.IsTerminal())
        {
            Deliveries.Add(1, new KeyValuePair<string, object?>("instance", instance), new KeyValuePair<string, object?>("state", state));
        }

        if (Activity.Current is { Source.Name: AudienceTracing.SourceName } span)
        {
            span.SetTag("audience_relay.delivery.result", attemptResult);
            span.SetStatus(result.State is DeliveryState.Failed or DeliveryState.Dead ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        }
    }

    public static void LeaseLost(string instance) => LeasesLost.Add(1, new KeyValuePair<string, object?>("instance", instance));

    public static void PlatformRequest(string instance, TimeSpan duration, string errorClass)
    {
        var tags = new TagList { { "instance", instance }, { "class", errorClass } };
        PlatformDuration.Record(duration.TotalSeconds, tags);
        if (errorClass != "2xx")
        {
            PlatformErrors.Add(1, tags);
        }
    }

    public static void RateLimitWaited(string instance, TimeSpan waited)
    {
        RateLimitWaitDuration.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("instance", instance));
        if (waited >= WaitThreshold)
        {
            RateLimitWaits.Add(1, new KeyValuePair<string, object?>("instance", instance));
        }
    }

    /// <summary>Skip reasons are code words of ours; anything else is folded into "other" so a label can never carry data.</summary>
    private static string BoundedWord(string reason) =>
        reason.Length is > 0 and <= 40 && reason.All(c => char.IsAsciiLetter(c) || c == '_') ? reason : "other";
}

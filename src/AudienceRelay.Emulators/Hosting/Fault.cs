namespace AudienceRelay.Emulators.Hosting;

/// <summary>
/// One injected fault. <see cref="PathContains"/> limits it to matching request paths (null: any
/// path); <see cref="Times"/> is how many matching requests it applies to.
/// </summary>
public sealed record Fault
{
    public required FaultKind Kind { get; init; }
    public string? PathContains { get; init; }
    public int Times { get; init; } = 1;
    public TimeSpan Delay { get; init; }
    public int? Code { get; init; }
    public int? Subcode { get; init; }
    public int? StatusCode { get; init; }
    public string? Message { get; init; }

    /// <summary>Seconds the platform says to wait (Retry-After, or Meta's estimated_time_to_regain_access in minutes).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Sets <c>Retry-After</c> (seconds) on the answer when the fault gives a wait, or <paramref name="fallback"/> does.</summary>
    public void WriteRetryAfter(HttpResponse response, int? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        if ((RetryAfterSeconds ?? fallback) is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

namespace AudienceRelay.Cli.Uploads;

/// <summary>How hard the CLI retries one batch before reporting it failed.</summary>
internal sealed record RetrySettings
{
    /// <summary>Attempts per batch, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The first backoff step; each next one doubles, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> honored as is; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);
}

namespace AudienceRelay.Store.Queue;

/// <summary>The outcome a worker writes back for its lease.</summary>
public sealed record DeliveryResult
{
    public required DeliveryState State { get; init; }
    public required int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public int? UsersSent { get; init; }
    public int? UsersSkipped { get; init; }

    /// <summary>JSON object: skip reason → count (no personal data).</summary>
    public string? SkippedReasons { get; init; }

    /// <summary>JSON object with the platform's own counts (e.g. num_received, num_invalid_entries).</summary>
    public string? PlatformCounts { get; init; }
    public string? AudienceId { get; init; }
    public string? ProviderState { get; init; }

    /// <summary>Pending only until more batches of its session arrive (the accept wakes it early).</summary>
    public bool WaitingForSession { get; init; }
    public required DateTimeOffset Now { get; init; }
}

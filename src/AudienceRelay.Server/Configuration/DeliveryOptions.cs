using System.ComponentModel.DataAnnotations;

namespace AudienceRelay.Server;

/// <summary>Section <c>Delivery</c>: retries, ages, waits and leases of the dispatcher.</summary>
public sealed class DeliveryOptions
{
    /// <summary>First backoff step; each further attempt doubles it, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest single backoff step.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its batch arrived a delivery is retried before it is marked dead.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long <c>sync=true</c> waits before answering 202 with what is pending.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claimed delivery is held before another worker may take it over (renewed while working).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The fallback look at the queue when no wake-up arrives (retries coming due, other nodes' work).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On SIGTERM: how long deliveries in flight may finish before what is left is handed back (pending, no
    /// attempt used, lease released) for another node, or the next start, to take at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the dispatcher in this process (a node may only accept uploads when false).</summary>
    public bool Enabled { get; set; } = true;
}

using AudienceRelay.Store.Queue;

namespace AudienceRelay.Store.Status;

/// <summary>
/// A session as the store holds it, with its batches in sequence order and each batch's deliveries. These are the
/// rows as read, for any caller; how the API shows them (names, JSON) is the server's business.
/// </summary>
/// <param name="Type">The stored word, <c>custom</c> or <c>primary</c>.</param>
/// <param name="SequenceBase">0 or 1 once a batch has settled it, else null.</param>
public sealed record SessionRecord(
    long SessionId,
    string Name,
    string AudienceName,
    string Type,
    int TotalBatches,
    long TotalUsers,
    int BatchesReceived,
    int? SequenceBase,
    DateTimeOffset CreatedAt,
    IReadOnlyList<BatchRecord> Batches)
{
    /// <summary>Every batch of the session has arrived.</summary>
    public bool Complete => BatchesReceived >= TotalBatches;
}

/// <summary>One stored batch and its deliveries (one per provider instance).</summary>
/// <param name="SkippedReasons">Why users were skipped: reason → count. No personal data.</param>
/// <param name="PayloadPurged">The batch's users are no longer held (purged once its deliveries ended, or by a cancel or the retention sweep); its counts stay.</param>
public sealed record BatchRecord(
    long BatchId,
    long Sequence,
    int Users,
    int Skipped,
    IReadOnlyDictionary<string, int> SkippedReasons,
    DateTimeOffset ReceivedAt,
    bool PayloadPurged,
    IReadOnlyList<DeliveryRecord> Deliveries);

/// <summary>One delivery of a batch to one provider instance, as last written back.</summary>
/// <param name="NextAttemptAt">When a pending delivery is due; null in every other state.</param>
/// <param name="SkippedReasons">The JSON text the worker wrote back (<see cref="DeliveryResult.SkippedReasons"/>), or null.</param>
/// <param name="PlatformCounts">The JSON text the worker wrote back (<see cref="DeliveryResult.PlatformCounts"/>), or null.</param>
/// <param name="WaitingForSession">Pending until more batches of its session arrive (a replace that needs the whole list).</param>
public sealed record DeliveryRecord(
    long DeliveryId,
    long BatchId,
    string Instance,
    DeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    int? UsersSent,
    int? UsersSkipped,
    string? SkippedReasons,
    string? PlatformCounts,
    string? AudienceId,
    DateTimeOffset UpdatedAt,
    bool WaitingForSession);

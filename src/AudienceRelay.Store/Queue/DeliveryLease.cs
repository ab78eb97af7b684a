using AudienceRelay.Core.Contract;

namespace AudienceRelay.Store.Queue;

/// <summary>
/// A delivery claimed by a worker. <see cref="LeaseToken"/> fences the write-back: once another
/// worker has taken the delivery over, this token no longer matches and the outcome is discarded.
/// </summary>
public sealed record DeliveryLease
{
    public required long DeliveryId { get; init; }
    public required long BatchId { get; init; }
    public required string Instance { get; init; }
    public required Guid LeaseToken { get; init; }
    public required DateTimeOffset LeaseUntil { get; init; }
    public required int Attempts { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string AudienceName { get; init; }
    public required AudienceType Type { get; init; }
    public required BatchInfo Batch { get; init; }

    /// <summary>How many distinct batches of the session had arrived when the delivery was claimed.</summary>
    public required int BatchesReceived { get; init; }

    /// <summary>Provider-owned progress saved by earlier attempts (e.g. Meta's reserved batch_seq range).</summary>
    public string? ProviderState { get; init; }
}

namespace AudienceRelay.Store.Status;

/// <summary>One batch of a session with its deliveries.</summary>
public sealed record BatchStatus
{
    public required long BatchId { get; init; }
    public required long Sequence { get; init; }
    public required int Users { get; init; }
    public required int Skipped { get; init; }
    public required IReadOnlyDictionary<string, int> SkippedReasons { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required bool PayloadPurged { get; init; }
    public required IReadOnlyList<DeliveryStatus> Deliveries { get; init; }
}

namespace AudienceRelay.Store.Status;

/// <summary>What <c>GET /audience/sessions/{id}</c> shows: the session and, per batch, each instance's delivery.</summary>
public sealed record SessionStatus
{
    public required long SessionId { get; init; }
    public required string Name { get; init; }
    public required string AudienceName { get; init; }
    public required string Type { get; init; }
    public required int TotalBatches { get; init; }
    public required long TotalUsers { get; init; }
    public required int BatchesReceived { get; init; }
    public int? SequenceBase { get; init; }
    public required bool Complete { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<BatchStatus> Batches { get; init; }
    public IReadOnlyList<Operations.OperatorAction> Actions { get; init; } = [];
}

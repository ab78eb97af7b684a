namespace AudienceRelay.Client;

/// <summary>The answer of <c>GET /audience/sessions/{sessionId}</c>: an upload session and its batches.</summary>
public sealed record SessionStatusDto
{
    public long SessionId { get; init; }
    public string? Name { get; init; }

    /// <summary>The name providers see (with the <c>blotout_</c> prefix unless it was disabled).</summary>
    public string? AudienceName { get; init; }

    public string? Type { get; init; }
    public int TotalBatches { get; init; }
    public long TotalUsers { get; init; }
    public int BatchesReceived { get; init; }
    public bool Complete { get; init; }
    public IReadOnlyList<SessionBatchDto> Batches { get; init => field = value ?? []; } = [];
}

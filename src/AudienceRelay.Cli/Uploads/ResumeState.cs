namespace AudienceRelay.Cli.Uploads;

/// <summary>
/// What <c>--resume</c> needs to continue an interrupted upload, kept in the user's state directory
/// (<see cref="ResumeStateFile"/>). No personal data: only the session, the audience name and batch numbers.
/// </summary>
internal sealed record ResumeState
{
    public int Version { get; init; } = 1;
    public required long SessionId { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public bool DisablePrefix { get; init; }
    public required int BatchSize { get; init; }
    public required int TotalBatches { get; init; }
    public required long TotalUsers { get; init; }

    /// <summary>Size and last write time of the input: a changed file cannot be resumed.</summary>
    public required long FileLength { get; init; }

    public required DateTimeOffset FileModifiedUtc { get; init; }

    /// <summary>Sequences the server has acknowledged.</summary>
    public IReadOnlyList<int> Completed { get; init; } = [];
}

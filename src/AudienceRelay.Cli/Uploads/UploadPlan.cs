using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>Everything fixed about one run of an upload, after the first pass counted the file.</summary>
internal sealed record UploadPlan(
    long SessionId,
    string Name,
    AudienceKind Type,
    bool DisablePrefix,
    bool Sync,
    DateOnly? PullDate,
    int BatchSize,
    int Parallel,
    int TotalBatches,
    long TotalUsers,
    IReadOnlySet<int> Completed)
{
    /// <summary>Users in batch <paramref name="sequence"/>: full batches, and the remainder in the last one.</summary>
    public long UsersIn(int sequence) =>
        sequence < TotalBatches ? BatchSize : TotalUsers - ((long)(TotalBatches - 1) * BatchSize);

    public long RemainingUsers => TotalUsers - Completed.Sum(UsersIn);
}

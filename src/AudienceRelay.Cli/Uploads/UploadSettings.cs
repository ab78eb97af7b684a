using AudienceRelay.Cli.Input;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>The <c>upload</c> command line, parsed and checked.</summary>
internal sealed record UploadSettings
{
    public const int DefaultBatchSize = 10_000;
    public const int MaxBatchSize = 1_000_000;
    public const int MaxParallel = 64;

    public required string File { get; init; }
    public string? Name { get; init; }
    /// <summary>The audience type; <see langword="null"/> when not given (custom, or the resumed upload's).</summary>
    public AudienceKind? Type { get; init; }
    public int? BatchSize { get; init; }
    public bool DisablePrefix { get; init; }
    public bool Sync { get; init; }
    public string Url { get; init; } = ServerConnection.DefaultUrl;
    public string? ApiKey { get; init; }
    public ColumnMapping Mapping { get; init; } = ColumnMapping.Empty;
    public bool Strict { get; init; }
    public int Parallel { get; init; } = 4;
    public long? SessionId { get; init; }
    public bool Resume { get; init; }
    public DateOnly? PullDate { get; init; }

    public void Validate()
    {
        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new UsageException($"--batch-size must be between 1 and {MaxBatchSize:N0}.");
        }

        if (Parallel is < 1 or > MaxParallel)
        {
            throw new UsageException($"--parallel must be between 1 and {MaxParallel}.");
        }

        if (SessionId is <= 0)
        {
            throw new UsageException("--session-id must be a positive number.");
        }

        if (Name is not null && string.IsNullOrWhiteSpace(Name))
        {
            throw new UsageException("--name must not be empty.");
        }

        if (Name is null && !Resume)
        {
            throw new UsageException("--name is required (the audience name providers will show).");
        }
    }
}

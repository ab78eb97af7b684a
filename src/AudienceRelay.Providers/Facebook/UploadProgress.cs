using System.Text.Json;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// What one delivery saves after each accepted request, so a retry resumes at the next unsent request with the same
/// <c>batch_seq</c> numbers: the reserved range (<see cref="FirstSeq"/>, <see cref="Chunks"/>), the rows per request
/// it was cut with, how many requests Meta accepted, and Meta's counts so far. Ids and counts only.
/// </summary>
internal sealed record UploadProgress(long FirstSeq, int Chunks, int ChunkSize, int Rows, int Sent, long Received, long Invalid)
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public string ToJson() => JsonSerializer.Serialize(this, FacebookJsonContext.Default.UploadProgress);

    /// <summary>The saved progress, or null when there is none or it does not describe this batch (then a new range is reserved).</summary>
    public static UploadProgress? Read(string? saved, int rows)
    {
        if (string.IsNullOrEmpty(saved))
        {
            return null;
        }

        UploadProgress? progress;
        try
        {
            progress = JsonSerializer.Deserialize(saved, FacebookJsonContext.Default.UploadProgress);
        }
        catch (JsonException)
        {
            return null;
        }

        return progress is { Version: CurrentVersion, FirstSeq: >= 1, ChunkSize: >= 1 }
            && progress.Rows == rows
            && progress.Chunks == (rows + progress.ChunkSize - 1) / progress.ChunkSize
            && progress.Sent >= 0 && progress.Sent <= progress.Chunks
            ? progress
            : null;
    }
}

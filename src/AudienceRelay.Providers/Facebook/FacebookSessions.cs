using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// Meta's <c>session_id</c> for one of our upload sessions. Meta wants a positive integer chosen by the caller, the same
/// for every request of one upload, and distinct between uploads to the ad account: two tools, or two of our instances,
/// that sent their own session numbers as is would collide on the same account. So the id is derived from everything
/// that tells our uploads apart: the first 8 bytes of
/// SHA-256("audience-relay/meta-session/{instance}/{audienceId}/{sessionId}/{generation}"), big-endian, top bit cleared
/// (1 if that is 0). Every delivery and every retry of one upload computes the same id; a replace that Meta abandoned is
/// sent again under the next <paramref name="generation"/>, a new id (docs/providers/facebook.md).
/// </summary>
internal static class MetaSessionIds
{
    public static long For(string instance, string audienceId, long sessionId, int generation)
    {
        var seed = string.Create(CultureInfo.InvariantCulture, $"audience-relay/meta-session/{instance}/{audienceId}/{sessionId}/{generation}");
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var value = (long)(BinaryPrimitives.ReadUInt64BigEndian(digest) & long.MaxValue);
        return value == 0 ? 1 : value;
    }
}

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

using System.Text.Json.Serialization;

namespace AudienceRelay.Server.Uploads;

/// <summary>The 200/202 body of POST /audience.</summary>
internal sealed record UploadAnswer
{
    public required bool Success { get; init; }
    public required long SessionId { get; init; }
    public required long Sequence { get; init; }
    public required int Accepted { get; init; }
    public required int Skipped { get; init; }
    public required IReadOnlyDictionary<string, int> SkippedReasons { get; init; }
    public required bool Duplicate { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<InstanceResult>? Results { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<InstanceResult>? Pending { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sandbox { get; init; }
}

using System.Text.Json.Serialization;

namespace AudienceRelay.Server.Errors;

/// <summary>problem+json with the seed's success flag and error list.</summary>
internal sealed record ProblemBody
{
    public required bool Success { get; init; }
    public required IReadOnlyList<string> Errors { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }

    /// <summary>Per-instance results, on a failed sync upload.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Uploads.InstanceResult>? Results { get; init; }
}

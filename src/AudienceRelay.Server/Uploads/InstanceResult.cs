using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Server.Uploads;

/// <summary>One provider instance's delivery of a batch, as the sync answer reports it.</summary>
internal sealed record InstanceResult
{
    public required string Instance { get; init; }
    public required string State { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AudienceId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UsersSent { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UsersSkipped { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? PlatformCounts { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    public int Attempts { get; init; }

    /// <summary>Pending until the session's other batches arrive (a replace needs the whole list).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool WaitingForSession { get; init; }
}

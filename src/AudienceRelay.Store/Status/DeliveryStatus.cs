using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Store.Status;

/// <summary>One delivery as an operator sees it.</summary>
public sealed record DeliveryStatus
{
    public required long DeliveryId { get; init; }
    public required long BatchId { get; init; }
    public required string Instance { get; init; }
    [JsonConverter(typeof(DeliveryStateJsonConverter))]
    public required DeliveryState State { get; init; }
    public required int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public int? UsersSent { get; init; }
    public int? UsersSkipped { get; init; }
    public JsonElement? SkippedReasons { get; init; }
    public JsonElement? PlatformCounts { get; init; }
    public string? AudienceId { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Pending until more batches of its session arrive (a replace that needs the whole list).</summary>
    public bool WaitingForSession { get; init; }
}

using System.Text.Json.Serialization;
using AudienceRelay.Client.Serialization;

namespace AudienceRelay.Client;

/// <summary>One received batch of a session and its deliveries, one per provider instance.</summary>
public sealed record SessionBatchDto
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? BatchId { get; init; }

    public int Sequence { get; init; }
    public int Users { get; init; }
    public int Skipped { get; init; }
    public IReadOnlyDictionary<string, int> SkippedReasons { get; init => field = value ?? new Dictionary<string, int>(); } = new Dictionary<string, int>();
    public DateTimeOffset? ReceivedAt { get; init; }
    public bool PayloadPurged { get; init; }
    public IReadOnlyList<SessionDeliveryDto> Deliveries { get; init => field = value ?? []; } = [];
}

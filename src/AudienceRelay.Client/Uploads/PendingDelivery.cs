using System.Text.Json.Serialization;
using AudienceRelay.Client.Serialization;

namespace AudienceRelay.Client;

/// <summary>A delivery still running when a <c>sync=true</c> call answered <c>202</c>.</summary>
[JsonConverter(typeof(PendingDeliveryConverter))]
public sealed record PendingDelivery
{
    public string Instance { get; init; } = "";
    public string? State { get; init; }
    public int? Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Client.Serialization;

namespace AudienceRelay.Client;

/// <summary>
/// The delivery of one batch to one provider instance. <see cref="State"/> is one of <c>pending</c>,
/// <c>leased</c>, <c>succeeded</c>, <c>failed</c>, <c>dead</c> (compare ignoring case); it is kept as text so that a newer server
/// with more states does not break an older client.
/// </summary>
public sealed record SessionDeliveryDto
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? DeliveryId { get; init; }

    public string Instance { get; init; } = "";
    public string State { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public int? UsersSent { get; init; }
    public int? UsersSkipped { get; init; }
    /// <summary>The platform's own counters, as it reported them.</summary>
    public JsonElement? PlatformCounts { get; init; }

    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? AudienceId { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Client.Serialization;

namespace AudienceRelay.Client;

/// <summary>What one provider instance did with a batch (answers of <c>sync=true</c>).</summary>
public sealed record ProviderResult
{
    public string Instance { get; init; } = "";
    public string? State { get; init; }

    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? AudienceId { get; init; }

    public int? UsersSent { get; init; }

    /// <summary>Users the platform reported as not matched or invalid, when it says.</summary>
    public int? UsersInvalid { get; init; }

    /// <summary>Users this provider could not use (no identifier it accepts).</summary>
    public int? UsersSkipped { get; init; }

    public int? Attempts { get; init; }

    /// <summary>The platform's own counters, as it reported them.</summary>
    public JsonElement? PlatformCounts { get; init; }

    /// <summary>The platform's message when the delivery failed.</summary>
    public string? Error { get; init; }

    [JsonIgnore]
    public bool Succeeded => string.Equals(State, "succeeded", StringComparison.OrdinalIgnoreCase);
}

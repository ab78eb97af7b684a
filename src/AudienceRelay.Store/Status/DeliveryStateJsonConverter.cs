using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Store.Status;

/// <summary>Writes delivery states as the lower-case words the schema and the docs use (<c>pending</c>, <c>succeeded</c>, …).</summary>
public sealed class DeliveryStateJsonConverter() : JsonStringEnumConverter<DeliveryState>(JsonNamingPolicy.SnakeCaseLower);

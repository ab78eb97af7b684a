using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Core.Contract;

namespace AudienceRelay.Server.Delivery;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(Dictionary<string, long>))]
[JsonSerializable(typeof(List<AudienceUser>))]
internal sealed partial class DeliveryJsonContext : JsonSerializerContext;

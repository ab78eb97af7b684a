using System.Text.Json.Serialization;

namespace AudienceRelay.Store;

[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace AudienceRelay.Store;

/// <summary>
/// The JSON the store itself writes and reads: a batch's skip reasons (reason → count) in its row. The API's
/// answers are the server's (its own context); the delivery results' JSON columns are written by the server and
/// handed back as text.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace AudienceRelay.Client.Serialization;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(UploadBatch))]
[JsonSerializable(typeof(IReadOnlyList<UserRecord>))]
[JsonSerializable(typeof(UploadResult))]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(SessionStatusDto))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

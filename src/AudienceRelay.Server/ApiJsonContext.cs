using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Core.Contract;
using AudienceRelay.Server.Errors;
using AudienceRelay.Server.Sessions;
using AudienceRelay.Server.Uploads;

namespace AudienceRelay.Server;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(UploadAnswer))]
[JsonSerializable(typeof(SessionStatus))]
[JsonSerializable(typeof(List<AudienceUser>))]
[JsonSerializable(typeof(Health.ReadinessAnswer))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

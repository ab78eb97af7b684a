using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Store.Operations;

namespace AudienceRelay.Server.Operations;

/// <summary>What the admin API answers: a session list, instance queues, an action's result.</summary>
internal sealed record SessionListAnswer(bool Success, IReadOnlyList<SessionSummary> Sessions);

internal sealed record InstancesAnswer(bool Success, IReadOnlyList<InstanceQueue> Instances);

internal sealed record ActionAnswer(bool Success, string Action, int Affected);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SessionListAnswer))]
[JsonSerializable(typeof(InstancesAnswer))]
[JsonSerializable(typeof(ActionAnswer))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;

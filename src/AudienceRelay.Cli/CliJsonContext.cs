using System.Text.Json.Serialization;
using AudienceRelay.Cli.Uploads;
using AudienceRelay.Client;

namespace AudienceRelay.Cli;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(ResumeState))]
[JsonSerializable(typeof(SessionStatusDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

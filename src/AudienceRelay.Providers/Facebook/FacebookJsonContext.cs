using System.Text.Json;
using System.Text.Json.Serialization;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// Graph's wire types and our saved progress, source-generated. Graph uses snake_case; counts may arrive as numeric
/// strings (the session edge types them so), hence <see cref="JsonNumberHandling.AllowReadingFromString"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsersBody))]
[JsonSerializable(typeof(UsersAnswer))]
[JsonSerializable(typeof(AudiencePage))]
[JsonSerializable(typeof(NewAudience))]
[JsonSerializable(typeof(NewAudienceAnswer))]
[JsonSerializable(typeof(GraphErrorEnvelope))]
[JsonSerializable(typeof(UploadProgress))]
internal sealed partial class FacebookJsonContext : JsonSerializerContext;

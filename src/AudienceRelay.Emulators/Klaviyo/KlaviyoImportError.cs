using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// A profile the job could not import. Like the platform's, it echoes the profile in <see cref="OriginalPayload"/>;
/// that is the emulated platform's data, not our logs. <see cref="Detail"/> never contains the offending value.
/// </summary>
internal sealed record KlaviyoImportError(string Id, string Code, string Title, string Detail, string Pointer, JsonNode? OriginalPayload);

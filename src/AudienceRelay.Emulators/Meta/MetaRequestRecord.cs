namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// One request the emulator answered: method, path (no query string, so no token), HTTP status and the Graph
/// error code when it failed. Lets tests count retries and calls without reading bodies.
/// </summary>
public sealed record MetaRequestRecord(string Method, string Path, int StatusCode, int? ErrorCode);

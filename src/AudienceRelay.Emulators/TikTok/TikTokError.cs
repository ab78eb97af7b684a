namespace AudienceRelay.Emulators.TikTok;

/// <summary>A TikTok return code and its message, answered in the envelope of an HTTP 200.</summary>
internal sealed record TikTokError(int Code, string Message);

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// How one schema key's cells are checked and stored. <see cref="Canonical"/> folds the legacy single-key names
/// onto the multi-key ones (EMAIL_SHA256 → EMAIL), so members read the same whichever form the client used.
/// </summary>
internal sealed record SchemaKey(string Name, string Canonical, SchemaKeyFormat Format, bool Identity, bool Strong, bool LegacySingleKey = false);

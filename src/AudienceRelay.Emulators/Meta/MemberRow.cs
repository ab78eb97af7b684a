namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// One valid uploaded row: its values by canonical schema key (hashes, raw ids, LOOKALIKE_VALUE), the identity
/// <see cref="Key"/> that makes re-adding the same person a no-op, and the strong identifiers used to match removals.
/// </summary>
internal sealed record MemberRow(string Key, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> StrongIdentifiers);

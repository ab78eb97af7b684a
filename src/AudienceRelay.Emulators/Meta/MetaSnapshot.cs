namespace AudienceRelay.Emulators.Meta;

/// <summary>What <see cref="MetaEmulator.Snapshot"/> returns: every ad account with its audiences.</summary>
public sealed record MetaSnapshot(IReadOnlyList<MetaAccountSnapshot> AdAccounts);

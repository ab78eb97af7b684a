namespace AudienceRelay.Emulators.Meta;

/// <summary>One ad account in a <see cref="MetaSnapshot"/> (id without <c>act_</c>).</summary>
public sealed record MetaAccountSnapshot(string Id, IReadOnlyList<MetaAudienceSnapshot> Audiences);

namespace AudienceRelay.Emulators.TikTok;

/// <summary>One non-empty cell of <c>batch_data</c>: a hashed id of <see cref="IdType"/> and the audiences it goes to or leaves.</summary>
internal sealed record TikTokMappingEntry(string IdType, string Id, IReadOnlyList<string> AudienceIds);

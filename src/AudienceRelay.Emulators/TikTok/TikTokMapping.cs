namespace AudienceRelay.Emulators.TikTok;

/// <summary>A validated <c>/segment/mapping/</c> request.</summary>
internal sealed record TikTokMapping(IReadOnlyList<string> AdvertiserIds, bool Add, IReadOnlyList<TikTokMappingEntry> Entries);

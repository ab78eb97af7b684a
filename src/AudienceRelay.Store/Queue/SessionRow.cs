using AudienceRelay.Core.Contract;

namespace AudienceRelay.Store.Queue;

/// <summary>The fixed fields of a stored session that a new batch is checked against.</summary>
public sealed record SessionRow(string Name, AudienceType Type, bool DisablePrefix, int TotalBatches, int BatchesSeen, int? SequenceBase);

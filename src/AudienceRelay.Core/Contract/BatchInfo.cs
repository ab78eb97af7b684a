namespace AudienceRelay.Core.Contract;

/// <summary>The seed's <c>batch</c> object: where this request sits in an upload session.</summary>
public sealed record BatchInfo(long SessionId, long Sequence, int TotalBatches, long TotalUsers, DateOnly? PullDate);

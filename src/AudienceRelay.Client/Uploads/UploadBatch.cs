namespace AudienceRelay.Client;

/// <summary>
/// The <c>batch</c> form field: where one request sits in an upload session. <c>(SessionId, Sequence)</c>
/// identifies the batch, so re-sending it is safe (the server answers <c>duplicate: true</c>).
/// </summary>
public sealed record UploadBatch(long SessionId, int Sequence, int TotalBatches, long TotalUsers, DateOnly? PullDate = null);

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// Meta's session object: one <c>session_id</c> per upload, <c>batch_seq</c> from 1 without gaps, <c>last_batch_flag</c>
/// on the final request only, and the expected number of rows
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/usersreplace).
/// </summary>
internal sealed record UsersSession(long SessionId, long BatchSeq, bool LastBatchFlag, long EstimatedNumTotal);

using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Facebook;

/// <summary>The Meta client's log lines: ids and counts only, never a name, a value or a token.</summary>
internal static partial class FacebookLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Meta {Instance}: found audience {AudienceId} on page {Page}")]
    public static partial void AudienceFound(ILogger logger, string instance, string audienceId, int page);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Meta {Instance}: created audience {AudienceId}")]
    public static partial void AudienceCreated(ILogger logger, string instance, string audienceId);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Meta {Instance}: could not find or create the audience ({Outcome})")]
    public static partial void AudienceUnavailable(ILogger logger, string instance, string outcome);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Meta {Instance}: primary delivery to audience {AudienceId} waits for every batch of session {SessionId}")]
    public static partial void WaitingForSession(ILogger logger, string instance, string audienceId, long sessionId);

    [LoggerMessage(EventId = 504, Level = LogLevel.Debug, Message = "Meta {Instance}: audience {AudienceId} session {SessionId} reserved batch_seq {FirstSeq} for {Chunks} requests")]
    public static partial void SequenceReserved(ILogger logger, string instance, string audienceId, long sessionId, long firstSeq, int chunks);

    [LoggerMessage(EventId = 505, Level = LogLevel.Debug, Message = "Meta {Instance}: audience {AudienceId} session {MetaSessionId} batch_seq {BatchSeq} accepted: {Received} received, {Invalid} invalid, last {Last}")]
    public static partial void RequestAccepted(ILogger logger, string instance, string audienceId, long metaSessionId, long batchSeq, long received, long invalid, bool last);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "Meta {Instance}: audience {AudienceId} session {MetaSessionId} batch_seq {BatchSeq} not accepted ({Outcome})")]
    public static partial void RequestNotAccepted(ILogger logger, string instance, string audienceId, long metaSessionId, long batchSeq, string outcome);

    [LoggerMessage(EventId = 507, Level = LogLevel.Warning, Message = "Meta {Instance}: audience {AudienceId} session {SessionId}: another delivery of the replace failed; the replace is not completed")]
    public static partial void ReplaceAbandoned(ILogger logger, string instance, string audienceId, long sessionId);

    [LoggerMessage(EventId = 508, Level = LogLevel.Information, Message = "Meta {Instance}: primary delivery to audience {AudienceId} session {SessionId} checked {Rows} rows; the session's last delivery sends the replace")]
    public static partial void ReplaceStaged(ILogger logger, string instance, string audienceId, long sessionId, int rows);

    [LoggerMessage(EventId = 509, Level = LogLevel.Warning, Message = "Meta {Instance}: audience {AudienceId} session {SessionId}: Meta no longer knows the replace session; starting again from the first batch (generation {Generation})")]
    public static partial void ReplaceRestarted(ILogger logger, string instance, string audienceId, long sessionId, int generation);

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Meta {Instance}: audience {AudienceId} no longer exists at Meta")]
    public static partial void AudienceGone(ILogger logger, string instance, string audienceId);

    [LoggerMessage(EventId = 511, Level = LogLevel.Information, Message = "Meta {Instance}: audience {AudienceId} session {SessionId}: a newer primary session has begun; this older list is not sent as a replace")]
    public static partial void ReplaceSuperseded(ILogger logger, string instance, string audienceId, long sessionId);
}

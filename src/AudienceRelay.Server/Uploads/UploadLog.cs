namespace AudienceRelay.Server.Uploads;

/// <summary>Upload log lines: counts and ids only, never a user's data.</summary>
internal static partial class UploadLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Accepted batch {Sequence} of session {SessionId}: {Users} users, {Skipped} skipped, duplicate={Duplicate}")]
    public static partial void Accepted(ILogger logger, long sessionId, long sequence, int users, int skipped, bool duplicate);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Rejected an upload with {Status} ({ErrorCount} errors)")]
    public static partial void Rejected(ILogger logger, int status, int errorCount);
}

using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Google;

/// <summary>The Google client's log lines: ids, counts and Google's codes only, never a name, an identifier or a token.</summary>
internal static partial class GoogleLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Google {Instance}: found user list {ListId}")]
    public static partial void ListFound(ILogger logger, string instance, string listId);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Google {Instance}: created user list {ListId}")]
    public static partial void ListCreated(ILogger logger, string instance, string listId);

    [LoggerMessage(EventId = 702, Level = LogLevel.Debug, Message = "Google {Instance}: access token refreshed, valid for {Seconds} s")]
    public static partial void TokenRefreshed(ILogger logger, string instance, int seconds);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Google {Instance}: access token refused (HTTP 401); refreshing once")]
    public static partial void TokenRejected(ILogger logger, string instance);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Google {Instance}: primary delivery to list {ListId} waits for every batch of session {SessionId}")]
    public static partial void WaitingForSession(ILogger logger, string instance, string listId, long sessionId);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Google {Instance}: job {Job} for list {ListId} ended {Status} ({Users} users, {Rejected} rejected)")]
    public static partial void JobEnded(ILogger logger, string instance, string job, string listId, string status, int users, int rejected);

    [LoggerMessage(EventId = 706, Level = LogLevel.Error, Message = "Google {Instance}: replace job {Job} of list {ListId} FAILED after removeAll ({Reason}); the list may be empty until the next attempt runs the whole replace again")]
    public static partial void ReplaceFailed(ILogger logger, string instance, string job, string listId, string reason);

    [LoggerMessage(EventId = 707, Level = LogLevel.Information, Message = "Google {Instance}: session {SessionId} batch {Sequence} goes in the session's replace job, run by its last delivery")]
    public static partial void DeferredToReplace(ILogger logger, string instance, long sessionId, long sequence);
}

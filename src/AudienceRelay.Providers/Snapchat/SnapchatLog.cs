using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Snapchat;

/// <summary>The Snapchat client's log lines: ids and counts only, never a name, an identifier or a token.</summary>
internal static partial class SnapchatLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Snapchat {Instance}: found segment {SegmentId} on page {Page}")]
    public static partial void SegmentFound(ILogger logger, string instance, string segmentId, int page);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Snapchat {Instance}: created segment {SegmentId}")]
    public static partial void SegmentCreated(ILogger logger, string instance, string segmentId);

    [LoggerMessage(EventId = 802, Level = LogLevel.Information, Message = "Snapchat {Instance}: access token refreshed, valid for {Seconds} s")]
    public static partial void TokenRefreshed(ILogger logger, string instance, long seconds);

    [LoggerMessage(EventId = 803, Level = LogLevel.Information, Message = "Snapchat {Instance}: the access token was refused (401); refreshing once")]
    public static partial void TokenRefused(ILogger logger, string instance);

    [LoggerMessage(EventId = 804, Level = LogLevel.Warning, Message = "Snapchat {Instance}: a next page on another host was not followed")]
    public static partial void ForeignNextPage(ILogger logger, string instance);

    [LoggerMessage(EventId = 805, Level = LogLevel.Debug, Message = "Snapchat {Instance}: segment {SegmentId} {Operation} {Schema} x{Count}")]
    public static partial void UsersSent(ILogger logger, string instance, string segmentId, string operation, string schema, int count);

    [LoggerMessage(EventId = 806, Level = LogLevel.Information, Message = "Snapchat {Instance}: segment {SegmentId}: removed {Count} identifiers that left since the previous primary session")]
    public static partial void MembersRemoved(ILogger logger, string instance, string segmentId, int count);
}

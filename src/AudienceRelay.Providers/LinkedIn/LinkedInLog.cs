using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.LinkedIn;

/// <summary>The LinkedIn client's log lines: ids, counts and statuses only, never a name, a value or a token.</summary>
internal static partial class LinkedInLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "LinkedIn {Instance}: found DMP segment {SegmentId}")]
    public static partial void SegmentFound(ILogger logger, string instance, string segmentId);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "LinkedIn {Instance}: created DMP segment {SegmentId}")]
    public static partial void SegmentCreated(ILogger logger, string instance, string segmentId);

    [LoggerMessage(EventId = 802, Level = LogLevel.Information, Message = "LinkedIn {Instance}: DMP segment {SegmentId} is not ready for users yet; retrying shortly")]
    public static partial void SegmentNotReady(ILogger logger, string instance, string segmentId);

    [LoggerMessage(EventId = 803, Level = LogLevel.Information, Message = "LinkedIn {Instance}: access token refreshed, valid for {Lifetime}")]
    public static partial void TokenRefreshed(ILogger logger, string instance, TimeSpan lifetime);

    [LoggerMessage(EventId = 804, Level = LogLevel.Warning, Message = "LinkedIn {Instance}: the access token was refused (HTTP 401); refreshing it once")]
    public static partial void TokenRefused(ILogger logger, string instance);

    [LoggerMessage(EventId = 805, Level = LogLevel.Warning, Message = "LinkedIn {Instance}: {Path} answered HTTP {Status} (service error {ServiceErrorCode})")]
    public static partial void CallRefused(ILogger logger, string instance, string path, int status, int? serviceErrorCode);

    [LoggerMessage(EventId = 806, Level = LogLevel.Debug, Message = "LinkedIn {Instance}: segment {SegmentId} {Action} request of {Elements} elements: {Invalid} refused")]
    public static partial void UsersSent(ILogger logger, string instance, string segmentId, string action, int elements, int invalid);
}

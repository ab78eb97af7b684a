using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.TikTok;

/// <summary>The TikTok client's log lines: ids and counts only, never a name, a hash or a token.</summary>
internal static partial class TikTokLog
{
    [LoggerMessage(EventId = 520, Level = LogLevel.Information, Message = "TikTok {Instance}: found partner audience {AudienceId} on page {Page}")]
    public static partial void AudienceFound(ILogger logger, string instance, string audienceId, int page);

    [LoggerMessage(EventId = 521, Level = LogLevel.Information, Message = "TikTok {Instance}: created audience {AudienceId}")]
    public static partial void AudienceCreated(ILogger logger, string instance, string audienceId);

    [LoggerMessage(EventId = 522, Level = LogLevel.Debug, Message = "TikTok {Instance}: audience {AudienceId}: {Users} users added in {Requests} requests")]
    public static partial void Added(ILogger logger, string instance, string audienceId, int users, int requests);

    [LoggerMessage(EventId = 523, Level = LogLevel.Warning, Message = "TikTok {Instance}: audience {AudienceId}: a mapping request was not accepted ({Outcome})")]
    public static partial void RequestNotAccepted(ILogger logger, string instance, string audienceId, string outcome);
}

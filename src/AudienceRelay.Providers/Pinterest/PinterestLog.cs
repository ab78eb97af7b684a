using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Pinterest;

/// <summary>The Pinterest client's log lines: ids and counts only, never a name, a record or a token.</summary>
internal static partial class PinterestLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Pinterest {Instance}: found customer list {ListId} on page {Page}")]
    public static partial void ListFound(ILogger logger, string instance, string listId, int page);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Pinterest {Instance}: created customer list {ListId}")]
    public static partial void ListCreated(ILogger logger, string instance, string listId);

    [LoggerMessage(EventId = 902, Level = LogLevel.Information, Message = "Pinterest {Instance}: created audience {AudienceId} from customer list {ListId}")]
    public static partial void AudienceCreated(ILogger logger, string instance, string audienceId, string listId);

    [LoggerMessage(EventId = 903, Level = LogLevel.Information, Message = "Pinterest {Instance}: access token refreshed, valid for {Seconds} s")]
    public static partial void TokenRefreshed(ILogger logger, string instance, long seconds);

    [LoggerMessage(EventId = 904, Level = LogLevel.Information, Message = "Pinterest {Instance}: the access token was refused (401); refreshing once")]
    public static partial void TokenRefused(ILogger logger, string instance);

    [LoggerMessage(EventId = 905, Level = LogLevel.Warning, Message = "Pinterest {Instance}: customer list {ListId} is below Pinterest's minimum of {Minimum} matched accounts; it cannot be targeted yet")]
    public static partial void ListTooSmall(ILogger logger, string instance, string listId, int minimum);

    [LoggerMessage(EventId = 906, Level = LogLevel.Information, Message = "Pinterest {Instance}: customer list {ListId}: removed {Count} records that left since the previous primary session")]
    public static partial void MembersRemoved(ILogger logger, string instance, string listId, int count);
}

using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>The Klaviyo client's log lines: ids and counts only, never a profile value or the API key.</summary>
internal static partial class KlaviyoLog
{
    [LoggerMessage(EventId = 540, Level = LogLevel.Information, Message = "Klaviyo {Instance}: found list {ListId}")]
    public static partial void ListFound(ILogger logger, string instance, string listId);

    [LoggerMessage(EventId = 541, Level = LogLevel.Information, Message = "Klaviyo {Instance}: created list {ListId}")]
    public static partial void ListCreated(ILogger logger, string instance, string listId);

    [LoggerMessage(EventId = 542, Level = LogLevel.Debug, Message = "Klaviyo {Instance}: list {ListId}: import job {JobId} complete, {Imported} imported, {Errors} import errors")]
    public static partial void JobCompleted(ILogger logger, string instance, string listId, string jobId, int imported, long errors);

    [LoggerMessage(EventId = 543, Level = LogLevel.Warning, Message = "Klaviyo {Instance}: list {ListId}: an import job was not accepted ({Outcome})")]
    public static partial void RequestNotAccepted(ILogger logger, string instance, string listId, string outcome);
}

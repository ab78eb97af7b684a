using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Webhook;

/// <summary>The webhook client's log lines: ids and counts only, never a user value or the signing secret.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 560, Level = LogLevel.Debug, Message = "Webhook {Instance}: session {SessionId} batch {Sequence}: {Users} users in {Requests} requests accepted")]
    public static partial void Delivered(ILogger logger, string instance, long sessionId, long sequence, int users, int requests);

    [LoggerMessage(EventId = 561, Level = LogLevel.Warning, Message = "Webhook {Instance}: session {SessionId} batch {Sequence}: request {Request} not accepted ({Outcome})")]
    public static partial void NotAccepted(ILogger logger, string instance, long sessionId, long sequence, int request, string outcome);
}

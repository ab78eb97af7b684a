namespace AudienceRelay.Server.Uploads;

/// <summary>Upload log lines: ids, counts and field names only, never a user's data.</summary>
internal static partial class UploadLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Accepted batch {Sequence} of session {SessionId}: {Users} users, {Skipped} skipped, duplicate={Duplicate}")]
    public static partial void Accepted(ILogger logger, long sessionId, long sequence, int users, int skipped, bool duplicate);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Rejected an upload with {Status} ({ErrorCount} errors) in {Fields}")]
    public static partial void Rejected(ILogger logger, int status, int errorCount, string fields);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Refused an upload with 503: {Concurrent} uploads are already being read (Ingress:MaxConcurrentUploads)")]
    public static partial void Busy(ILogger logger, int concurrent);

    public static void Rejected(ILogger logger, int status, IReadOnlyList<string> errors) =>
        Rejected(logger, status, errors.Count, FieldNames(errors));

    /// <summary>
    /// Every error message starts with the field it names (<c>users[3].email: ...</c>); only that part
    /// is logged. The messages never quote a value, and the log keeps even less.
    /// </summary>
    internal static string FieldNames(IEnumerable<string> errors) =>
        string.Join(", ", errors
            .Select(e => e.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 ? e[..colon] : "request")
            .Distinct(StringComparer.Ordinal)
            .Take(10));
}

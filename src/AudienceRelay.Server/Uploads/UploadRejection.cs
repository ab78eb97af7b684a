namespace AudienceRelay.Server.Uploads;

/// <summary>A client error found while reading or validating an upload: the status and the messages that name the fields.</summary>
internal sealed class UploadRejection(int status, IReadOnlyList<string> errors) : Exception(string.Join("; ", errors))
{
    public int Status { get; } = status;
    public IReadOnlyList<string> Errors { get; } = errors;

    public UploadRejection(int status, string error)
        : this(status, [error])
    {
    }
}

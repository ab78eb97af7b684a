namespace AudienceRelay.Store.Security;

/// <summary>
/// The node's payload key is missing or is not the key of the payloads its store holds: the node must
/// not start (a new key would leave every waiting batch unreadable). The message names the settings.
/// </summary>
public sealed class PayloadKeyMismatchException : InvalidOperationException
{
    public PayloadKeyMismatchException()
    {
    }

    public PayloadKeyMismatchException(string message)
        : base(message)
    {
    }

    public PayloadKeyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

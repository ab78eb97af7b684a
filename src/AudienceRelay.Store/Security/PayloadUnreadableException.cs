using System.Security.Cryptography;

namespace AudienceRelay.Store.Security;

/// <summary>
/// A stored payload that this node's keys cannot open: sealed with a key it does not hold, or altered.
/// Retrying cannot help, so the delivery fails at once with this message (which names the batch and
/// key id only, never data).
/// </summary>
public sealed class PayloadUnreadableException : CryptographicException
{
    public PayloadUnreadableException()
    {
    }

    public PayloadUnreadableException(string message)
        : base(message)
    {
    }

    public PayloadUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

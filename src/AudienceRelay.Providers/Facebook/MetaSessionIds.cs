using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// Meta's <c>session_id</c> for one of our upload sessions. Meta wants a positive integer chosen by the caller, the
/// same for every request of the upload. Our <c>batch.sessionId</c> is a non-negative integer, so a positive one is
/// sent as is; 0 (which Meta would refuse) becomes a stable positive 63-bit number: the first 8 bytes of
/// SHA-256("audience-relay/meta-session/{audienceId}/{sessionId}"), big-endian, top bit cleared (1 if that is 0).
/// Stable means every delivery and every retry of the session computes the same id.
/// </summary>
internal static class MetaSessionIds
{
    public static long For(long sessionId, string audienceId)
    {
        if (sessionId > 0)
        {
            return sessionId;
        }

        var seed = string.Create(CultureInfo.InvariantCulture, $"audience-relay/meta-session/{audienceId}/{sessionId}");
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var value = (long)(BinaryPrimitives.ReadUInt64BigEndian(digest) & long.MaxValue);
        return value == 0 ? 1 : value;
    }
}

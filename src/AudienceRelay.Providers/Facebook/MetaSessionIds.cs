using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// Meta's <c>session_id</c> for one of our upload sessions. Meta wants a positive integer chosen by the caller, the same
/// for every request of one upload, and distinct between uploads to the ad account: two tools, or two of our instances,
/// that sent their own session numbers as is would collide on the same account. So the id is derived from everything
/// that tells our uploads apart: the first 8 bytes of
/// SHA-256("audience-relay/meta-session/{instance}/{audienceId}/{sessionId}/{generation}"), big-endian, top bit cleared
/// (1 if that is 0). Every delivery and every retry of one upload computes the same id; a replace that Meta abandoned is
/// sent again under the next <paramref name="generation"/>, a new id (docs/providers/facebook.md).
/// </summary>
internal static class MetaSessionIds
{
    public static long For(string instance, string audienceId, long sessionId, int generation)
    {
        var seed = string.Create(CultureInfo.InvariantCulture, $"audience-relay/meta-session/{instance}/{audienceId}/{sessionId}/{generation}");
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var value = (long)(BinaryPrimitives.ReadUInt64BigEndian(digest) & long.MaxValue);
        return value == 0 ? 1 : value;
    }
}

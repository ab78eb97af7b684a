using System.Collections;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// A batch's users read from its stored JSON payload when asked for, not held as objects. Every provider works from
/// the match keys; keeping 200,000 users as objects beside them (UTF-16 strings, object headers) cost about 2.5 times
/// the payload for nothing, so only the payload and where each user starts in it are kept.
/// </summary>
internal sealed class PayloadUsers : IReadOnlyList<AudienceUser>
{
    private readonly byte[] _payload;
    private readonly int[] _starts;

    private PayloadUsers(byte[] payload, int[] starts)
    {
        _payload = payload;
        _starts = starts;
    }

    public int Count => _starts.Length;

    /// <summary>Bytes this list keeps: the payload and one offset per user.</summary>
    public long Bytes => _payload.Length + (4L * _starts.Length);

    public AudienceUser this[int index]
    {
        get
        {
            var reader = new Utf8JsonReader(_payload.AsSpan(_starts[index]));
            return JsonSerializer.Deserialize(ref reader, DeliveryJsonContext.Default.AudienceUser)
                ?? throw new JsonException("A user in the stored payload is null.");
        }
    }

    /// <summary>
    /// Reads the payload (a JSON array of users) once: each user is normalized into its match keys as it is read and
    /// then dropped; only its start in the payload is kept.
    /// </summary>
    public static (PayloadUsers Users, List<MatchKeys> Keys) Read(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Null))
        {
            throw new JsonException("The stored payload is not a JSON array of users.");
        }

        var starts = new List<int>();
        var keys = new List<MatchKeys>();
        // The deserializer leaves the reader on each user's closing brace; the next Read moves to the next user.
        while (reader.TokenType is not JsonTokenType.Null && reader.Read() && reader.TokenType is not JsonTokenType.EndArray)
        {
            starts.Add(checked((int)reader.TokenStartIndex));
            var user = JsonSerializer.Deserialize(ref reader, DeliveryJsonContext.Default.AudienceUser)
                ?? throw new JsonException("A user in the stored payload is null.");
            keys.Add(IdentityNormalizer.Normalize(user));
        }

        keys.TrimExcess();
        return (new PayloadUsers(payload, [.. starts]), keys);
    }

    public IEnumerator<AudienceUser> GetEnumerator()
    {
        for (var i = 0; i < _starts.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

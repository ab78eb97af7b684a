using System.Globalization;
using System.Text.Json;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// The <c>session</c> parameter of <c>/users</c> and <c>/usersreplace</c>: <c>session_id</c> (a positive integer the
/// caller picks, the same for every batch), <c>batch_seq</c> (1-based), <c>last_batch_flag</c> and the optional
/// <c>estimated_num_total</c> (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/usersreplace).
/// Peers always send integers for session_id; whether Meta takes anything else is unverified, so the emulator does not.
/// </summary>
internal sealed record SessionInfo(string SessionId, int BatchSeq, bool LastBatchFlag, long? EstimatedNumTotal)
{
    public static (SessionInfo? Session, GraphError? Error) Parse(JsonElement session)
    {
        if (session.ValueKind != JsonValueKind.Object)
        {
            return Fail("param session must be a JSON object");
        }

        if (!TryInteger(session, "session_id", out var sessionId) || sessionId < 1)
        {
            return Fail("param session[session_id] is required and must be a positive integer");
        }

        if (!TryInteger(session, "batch_seq", out var batchSeq) || batchSeq < 1 || batchSeq > int.MaxValue)
        {
            return Fail("param session[batch_seq] is required and must be an integer starting at 1");
        }

        if (!TryBoolean(session, "last_batch_flag", out var last))
        {
            return Fail("param session[last_batch_flag] is required and must be a boolean");
        }

        long? estimated = null;
        if (session.TryGetProperty("estimated_num_total", out _))
        {
            if (!TryInteger(session, "estimated_num_total", out var total) || total < 0)
            {
                return Fail("param session[estimated_num_total] must be a non-negative integer");
            }

            estimated = total;
        }

        return (new SessionInfo(sessionId.ToString(CultureInfo.InvariantCulture), (int)batchSeq, last, estimated), null);
    }

    private static bool TryInteger(JsonElement parent, string name, out long value)
    {
        value = 0;
        if (!parent.TryGetProperty(name, out var element))
        {
            return false;
        }

        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => element.GetString()!.All(char.IsAsciiDigit)
                && long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    // Graph reads booleans leniently: true/false, "true"/"false", 1/0.
    private static bool TryBoolean(JsonElement parent, string name, out bool value)
    {
        value = false;
        if (!parent.TryGetProperty(name, out var element))
        {
            return false;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                value = element.GetBoolean();
                return true;
            case JsonValueKind.String when element.GetString() is "true" or "false" or "1" or "0":
                value = element.GetString() is "true" or "1";
                return true;
            case JsonValueKind.Number when element.TryGetInt32(out var number) && number is 0 or 1:
                value = number == 1;
                return true;
            default:
                return false;
        }
    }

    private static (SessionInfo?, GraphError?) Fail(string detail) => (null, GraphError.InvalidParameter(detail));
}

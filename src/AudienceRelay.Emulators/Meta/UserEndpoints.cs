using System.Globalization;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// <c>POST|DELETE /{audience_id}/users</c>, <c>POST /{audience_id}/usersreplace</c> and <c>GET /{audience_id}/sessions</c>
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users,
/// https://developers.facebook.com/docs/marketing-api/reference/custom-audience/usersreplace,
/// https://developers.facebook.com/docs/marketing-api/reference/custom-audience-session).
/// </summary>
internal static class UserEndpoints
{
    private static readonly HashSet<string> SessionFields = new(StringComparer.Ordinal)
    {
        "session_id", "start_time", "end_time", "num_received", "num_matched", "num_invalid_entries", "progress", "stage",
    };

    public static Task UploadAsync(GraphCall call, string audienceId, SessionKind kind)
    {
        var request = call.Request;
        var error = request.TryJson("payload", out var payloadJson);
        if (error is not null || payloadJson is null)
        {
            return call.FailAsync(error ?? GraphError.InvalidParameter("The parameter payload is required"));
        }

        error = request.TryJson("session", out var sessionJson);
        if (error is not null)
        {
            return call.FailAsync(error);
        }

        SessionInfo? session = null;
        if (sessionJson is { } json)
        {
            (session, error) = SessionInfo.Parse(json);
            if (error is not null)
            {
                return call.FailAsync(error);
            }
        }
        else if (kind == SessionKind.Replace)
        {
            return call.FailAsync(GraphError.InvalidParameter("The parameter session is required"));
        }

        var (payload, payloadError) = PayloadParser.Parse(payloadJson.Value, call.Store.Options.MaxRowsPerRequest);
        if (payloadError is not null)
        {
            return call.FailAsync(payloadError);
        }

        UploadResult? result = null;
        lock (call.Store.Gate)
        {
            // Looked up again: the audience may have been deleted while the body was being read.
            var audience = call.Store.FindAudience(audienceId);
            error = audience is null
                ? GraphError.UnsupportedRequest(request.Method, audienceId)
                : audience.IsValueBased != payload!.HasLookalikeValue && kind != SessionKind.Remove
                    ? GraphError.SchemaMismatch(audience.IsValueBased
                        ? "a value-based audience needs LOOKALIKE_VALUE in the schema"
                        : "LOOKALIKE_VALUE is only allowed on a value-based audience")
                : session is not null && call.Store.SessionUsedByAnotherAudience(audience, session.SessionId)
                    ? GraphError.SessionRejected($"session_id {session.SessionId} is already used by another audience of this ad account")
                    : null;
            if (audience is not null && error is null)
            {
                (result, error) = AudienceUploads.Apply(audience, kind, payload!, session, call.Store.Now);
            }
        }

        if (error is not null)
        {
            return call.FailAsync(error);
        }

        var samples = new JsonObject();
        foreach (var (key, value) in result!.InvalidEntrySamples)
        {
            samples[key] = value;
        }

        return call.OkAsync(new JsonObject
        {
            ["audience_id"] = result.AudienceId,
            ["session_id"] = result.SessionId,
            ["num_received"] = result.NumReceived,
            ["num_invalid_entries"] = result.NumInvalidEntries,
            ["invalid_entry_samples"] = samples,
        });
    }

    /// <summary>The session edge, newest first, every field when none is asked for. Counts are numeric strings, as Meta types them.</summary>
    public static Task SessionsAsync(GraphCall call, string audienceId)
    {
        var (fields, error) = GraphFields.Parse(call.Request.Text("fields"), SessionFields, "CustomAudienceSession", [.. SessionFields]);
        if (error is not null)
        {
            return call.FailAsync(error);
        }

        var data = new JsonArray();
        var found = false;
        lock (call.Store.Gate)
        {
            if (call.Store.FindAudience(audienceId) is { } audience)
            {
                found = true;
                for (var i = audience.Sessions.Count - 1; i >= 0; i--)
                {
                    data.Add(Project(audience.Sessions[i], fields!));
                }
            }
        }

        return found
            ? call.OkAsync(new JsonObject { ["data"] = data })
            : call.FailAsync(GraphError.UnsupportedRequest("GET", audienceId));
    }

    private static JsonObject Project(UploadSession session, IReadOnlyList<string> fields)
    {
        var matched = session.IsOpen ? -1 : session.NumReceived - session.NumInvalidEntries;
        var progress = session.Stage switch
        {
            UploadSession.Processed => 100,
            _ when session.EstimatedNumTotal is > 0 => (int)Math.Min(99, session.NumReceived * 100 / session.EstimatedNumTotal.Value),
            _ => 0,
        };
        var node = new JsonObject();
        foreach (var field in fields)
        {
            node[field] = field switch
            {
                "session_id" => session.SessionId,
                "start_time" => Numeric(session.StartTime.ToUnixTimeSeconds()),
                "end_time" => Numeric(session.EndTime?.ToUnixTimeSeconds() ?? 0),
                "num_received" => Numeric(session.NumReceived),
                "num_matched" => Numeric(matched),
                "num_invalid_entries" => Numeric(session.NumInvalidEntries),
                "progress" => Numeric(progress),
                _ => session.Stage,
            };
        }

        return node;
    }

    private static string Numeric(long value) => value.ToString(CultureInfo.InvariantCulture);
}

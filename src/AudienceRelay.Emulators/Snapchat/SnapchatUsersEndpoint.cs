using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Snapchat;

/// <summary>
/// <c>POST</c> (add) and <c>DELETE</c> (remove) <c>/v1/segments/{id}/users</c>: one object in <c>users</c> with one
/// schema (EMAIL_SHA256, PHONE_SHA256 or MOBILE_AD_ID_SHA256), every data row a one-element array holding a lower-case
/// SHA-256 hex digest, at most 100,000 identifiers per request (Snap's Audience Match guide, providers.md §5).
/// </summary>
internal sealed class SnapchatUsersEndpoint(SnapchatState state, SnapchatEmulatorOptions options)
{
    private static readonly string[] Schemas = ["EMAIL_SHA256", "PHONE_SHA256", "MOBILE_AD_ID_SHA256"];

    public async Task HandleAsync(HttpContext context, string clientId)
    {
        var segment = state.Find((string)context.GetRouteValue("segmentId")!);
        if (segment is null)
        {
            await SnapchatHttp.ErrorAsync(context, StatusCodes.Status404NotFound, "E1008", "Resource can not be found");
            return;
        }

        if (!state.CanUse(clientId, segment.AdAccountId))
        {
            await SnapchatHttp.ErrorAsync(context, StatusCodes.Status403Forbidden, "E3002", "The user does not have permission to access this segment");
            return;
        }

        var (body, error) = await SnapchatHttp.ReadObjectAsync(context);
        var (schema, ids, problem) = body is null ? (null, null, error) : Parse(body, segment.Id, context.Request.Method);
        if (problem is not null)
        {
            await SnapchatHttp.BadRequestAsync(context, problem);
            return;
        }

        var count = state.Apply(segment, context.Request.Method, schema!, ids!);
        var user = new JsonObject { ["sub_request_status"] = "SUCCESS", ["user"] = new JsonObject { ["number_uploaded_users"] = count } };
        await SnapchatHttp.OkAsync(context, new JsonObject { ["users"] = new JsonArray(user) });
    }

    private (string? Schema, List<string>? Ids, string? Problem) Parse(JsonObject body, string segmentId, string method)
    {
        if (body["users"] is not JsonArray users || users.Count == 0)
        {
            return (null, null, "users: a non-empty array is required");
        }

        if (users.Count > 1 || users[0] is not JsonObject group)
        {
            return (null, null, "users: one object per request, with one schema");
        }

        if (group["schema"] is not JsonArray schema || schema.Count != 1 || SnapchatHttp.Text(schema[0]) is not { } type)
        {
            return (null, null, "schema: exactly one identifier type per request");
        }

        if (!Schemas.Contains(type, StringComparer.Ordinal))
        {
            return (null, null, $"schema: must be one of {string.Join(", ", Schemas)}");
        }

        if (group["id"] is { } id && (SnapchatHttp.Text(id) != segmentId || method != HttpMethods.Delete))
        {
            return (null, null, "id: only a removal may name the segment, and it must be the segment of the path");
        }

        if (group["data"] is not JsonArray data || data.Count == 0)
        {
            return (null, null, "data: a non-empty array of rows is required");
        }

        if (data.Count > options.MaxIdentifiersPerRequest)
        {
            return (null, null, $"data: at most {options.MaxIdentifiersPerRequest} identifiers per request");
        }

        var ids = new List<string>(data.Count);
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] is not JsonArray row || row.Count != 1 || SnapchatHttp.Text(row[0]) is not { } value)
            {
                return (null, null, $"data[{i}]: each row must be an array with one value, aligned with the schema");
            }

            if (!IsLowerSha256(value))
            {
                return (null, null, $"data[{i}]: must be a SHA-256 hex digest (64 lower-case hex characters) of the normalized value");
            }

            ids.Add(value);
        }

        return (type, ids, null);
    }

    private static bool IsLowerSha256(string value) => value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}

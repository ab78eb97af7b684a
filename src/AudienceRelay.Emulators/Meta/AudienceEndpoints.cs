using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// <c>GET|POST /act_{id}/customaudiences</c>, <c>GET|DELETE /{audience_id}</c>
/// (https://developers.facebook.com/docs/marketing-api/reference/ad-account/customaudiences).
/// Meta allows several audiences with the same name, so a client must remember the id it created.
/// </summary>
internal static class AudienceEndpoints
{
    private static readonly HashSet<string> FileSources = new(StringComparer.Ordinal)
    {
        "USER_PROVIDED_ONLY", "PARTNER_PROVIDED_ONLY", "BOTH_USER_AND_PARTNER_PROVIDED",
    };

    public static Task ListAsync(GraphCall call, string adAccountId)
    {
        var (fields, error) = GraphFields.Parse(call.Request.Text("fields"), AudienceFields.Known, AudienceFields.NodeType, AudienceFields.Defaults);
        if (error is not null)
        {
            return call.FailAsync(error);
        }

        JsonObject? page;
        lock (call.Store.Gate)
        {
            (page, error) = GraphPager.Page(
                call.Request, call.Store.AudiencesOf(adAccountId), a => a.Number, a => AudienceFields.Project(a, fields!), call.Store.Options);
        }

        return error is not null ? call.FailAsync(error) : call.OkAsync(page!);
    }

    public static Task CreateAsync(GraphCall call, string adAccountId)
    {
        var request = call.Request;
        var name = request.Text("name");
        if (string.IsNullOrWhiteSpace(name))
        {
            return call.FailAsync(GraphError.InvalidParameter("The parameter name is required"));
        }

        var subtype = request.Text("subtype");
        if (subtype != "CUSTOM")
        {
            return call.FailAsync(GraphError.InvalidParameter(
                "param subtype must be CUSTOM for a customer file audience (other subtypes are not emulated)"));
        }

        var source = request.Text("customer_file_source");
        if (source is null || !FileSources.Contains(source))
        {
            return call.FailAsync(GraphError.InvalidParameter(
                "param customer_file_source must be one of {USER_PROVIDED_ONLY, PARTNER_PROVIDED_ONLY, BOTH_USER_AND_PARTNER_PROVIDED}"));
        }

        var valueBased = request.Text("is_value_based") is "true" or "1";
        var audience = call.Store.CreateAudience(
            adAccountId, name, request.Text("description"), source, valueBased, call.Store.Options.SimulateEventualConsistency);
        return call.OkAsync(new JsonObject { ["id"] = audience.Id });
    }

    public static Task ReadAsync(GraphCall call, string audienceId)
    {
        var (fields, error) = GraphFields.Parse(call.Request.Text("fields"), AudienceFields.Known, AudienceFields.NodeType, AudienceFields.Defaults);
        if (error is not null)
        {
            return call.FailAsync(error);
        }

        JsonObject? node = null;
        lock (call.Store.Gate)
        {
            if (call.Store.FindAudience(audienceId) is { } audience)
            {
                node = AudienceFields.Project(audience, fields!);
            }
        }

        return node is null ? call.FailAsync(GraphError.UnsupportedRequest("GET", audienceId)) : call.OkAsync(node);
    }

    public static Task DeleteAsync(GraphCall call, string audienceId)
    {
        bool deleted;
        lock (call.Store.Gate)
        {
            deleted = call.Store.DeleteAudience(audienceId);
        }

        return deleted
            ? call.OkAsync(new JsonObject { ["success"] = true })
            : call.FailAsync(GraphError.UnsupportedRequest("DELETE", audienceId));
    }
}

using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Pinterest;

/// <summary>
/// Audiences of an ad account (v5/openapi.json): they page like lists; an audience of type CUSTOMER_LIST needs
/// <c>rule.customer_list_id</c> naming a customer list of the same account.
/// </summary>
internal sealed class PinterestAudienceEndpoints(PinterestState state, PinterestEmulatorOptions options)
{
    private static readonly string[] AudienceTypes = ["CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE", "PERSONA"];

    public Task ListAudiencesAsync(HttpContext context, string account) =>
        PinterestHttp.PageAsync(context, state.Audiences(account).Select(a => (JsonNode)Audience(a)).ToList(), options.MaxPageSize);

    public async Task CreateAudienceAsync(HttpContext context, string account)
    {
        var (body, error) = await PinterestHttp.ReadObjectAsync(context);
        var name = body is null ? null : PinterestHttp.Text(body["name"]);
        var type = body is null ? null : PinterestHttp.Text(body["audience_type"]);
        var bodyAccount = body?["ad_account_id"] is null ? account : PinterestHttp.Text(body["ad_account_id"]);
        var listId = body?["rule"] is JsonObject rule ? PinterestHttp.Text(rule["customer_list_id"]) : null;
        var problem = error
            ?? (name is not { Length: > 0 } ? "name: is required"
            : type is null || !AudienceTypes.Contains(type, StringComparer.Ordinal) ? $"audience_type: must be one of {string.Join(", ", AudienceTypes)} (case-sensitive)"
            : body!["rule"] is not JsonObject ? "rule: is required"
            : bodyAccount != account ? "ad_account_id: does not match the ad account in the path"
            : type == "CUSTOMER_LIST" && (listId is null || state.FindList(account, listId) is null) ? "rule: customer_list_id must name a customer list of this ad account"
            : null);
        if (problem is not null)
        {
            await PinterestHttp.BadRequestAsync(context, problem);
            return;
        }

        await PinterestHttp.OkAsync(context, Audience(state.CreateAudience(account, name!, type!, listId)));
    }

    private static JsonObject Audience(PinterestAudienceView a) => new()
    {
        ["id"] = a.Id,
        ["ad_account_id"] = a.AdAccountId,
        ["name"] = a.Name,
        ["audience_type"] = a.AudienceType,
        ["type"] = "audience",
        ["status"] = "READY",
        ["rule"] = new JsonObject { ["customer_list_id"] = a.CustomerListId },
    };
}

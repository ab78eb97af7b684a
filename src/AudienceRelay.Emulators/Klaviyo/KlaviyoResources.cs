using System.Text.Json;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>JSON:API resource objects for lists, profiles, import jobs and import errors, shaped like Klaviyo's (klaviyo/openapi stable.json).</summary>
internal static class KlaviyoResources
{
    public static JsonObject List(KlaviyoList list, string apiRoot) => new()
    {
        ["type"] = "list",
        ["id"] = list.Id,
        ["attributes"] = new JsonObject
        {
            ["name"] = list.Name,
            ["created"] = KlaviyoHttp.Date(list.Created),
            ["updated"] = KlaviyoHttp.Date(list.Updated),
            ["opt_in_process"] = "single_opt_in",
        },
        ["links"] = new JsonObject { ["self"] = $"{apiRoot}/lists/{list.Id}/" },
    };

    public static JsonObject ProfileIdentifier(string id) => new() { ["type"] = "profile", ["id"] = id };

    public static JsonObject Profile(KlaviyoProfile profile, DateTimeOffset? joinedGroupAt, string apiRoot)
    {
        var attributes = new JsonObject();
        foreach (var field in new[] { "email", "phone_number", "external_id", "anonymous_id", "first_name", "last_name", "organization", "locale", "title", "image" })
        {
            attributes[field] = profile.Field(field);
        }

        attributes["created"] = KlaviyoHttp.Date(profile.Created);
        attributes["updated"] = KlaviyoHttp.Date(profile.Updated);
        attributes["last_event_date"] = null;
        attributes["location"] = ToObject(profile.Location);
        attributes["properties"] = ToObject(profile.Properties);
        if (joinedGroupAt is not null)
        {
            attributes["joined_group_at"] = KlaviyoHttp.Date(joinedGroupAt);
        }

        return new JsonObject
        {
            ["type"] = "profile",
            ["id"] = profile.Id,
            ["attributes"] = attributes,
            ["links"] = new JsonObject { ["self"] = $"{apiRoot}/profiles/{profile.Id}/" },
        };
    }

    public static JsonObject Job(KlaviyoImportJob job, string apiRoot) => new()
    {
        ["type"] = "profile-bulk-import-job",
        ["id"] = job.Id,
        ["attributes"] = new JsonObject
        {
            ["status"] = job.Status,
            ["created_at"] = KlaviyoHttp.Date(job.Created),
            ["total_count"] = job.TotalCount,
            // Nullable in Klaviyo's OpenAPI document: null until the job starts processing.
            ["completed_count"] = job.Status == "queued" ? null : job.CompletedCount,
            ["failed_count"] = job.Status == "queued" ? null : job.FailedCount,
            ["completed_at"] = KlaviyoHttp.Date(job.Completed),
            ["expires_at"] = KlaviyoHttp.Date(job.Created.AddDays(7)),
            ["started_at"] = KlaviyoHttp.Date(job.Started),
        },
        ["relationships"] = new JsonObject
        {
            ["lists"] = new JsonObject { ["data"] = new JsonArray([.. job.ListIds.Select(id => new JsonObject { ["type"] = "list", ["id"] = id })]) },
        },
        ["links"] = new JsonObject { ["self"] = $"{apiRoot}/profile-bulk-import-jobs/{job.Id}/" },
    };

    public static JsonObject ImportError(KlaviyoImportError error) => new()
    {
        ["type"] = "import-error",
        ["id"] = error.Id,
        ["attributes"] = new JsonObject
        {
            ["code"] = error.Code,
            ["title"] = error.Title,
            ["detail"] = error.Detail,
            ["source"] = new JsonObject { ["pointer"] = error.Pointer },
            ["original_payload"] = error.OriginalPayload?.DeepClone(),
        },
    };

    private static JsonObject ToObject(Dictionary<string, JsonElement> values)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values)
        {
            result[key] = JsonNode.Parse(value.GetRawText());
        }

        return result;
    }
}

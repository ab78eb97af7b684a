using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// The CustomAudience fields the emulator serves (https://developers.facebook.com/docs/marketing-api/reference/custom-audience).
/// Approximate counts are the exact member count here: Meta's are ranges computed after matching.
/// </summary>
internal static class AudienceFields
{
    public const string NodeType = "CustomAudience";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "account_id", "name", "description", "subtype", "customer_file_source", "operation_status",
        "delivery_status", "approximate_count_lower_bound", "approximate_count_upper_bound", "time_created",
        "time_updated", "data_source", "is_value_based",
    };

    public static readonly IReadOnlyList<string> Defaults = ["id"];

    public static JsonObject Project(Audience audience, IReadOnlyList<string> fields)
    {
        var node = new JsonObject();
        foreach (var field in fields)
        {
            JsonNode? value = field switch
            {
                "id" => audience.Id,
                "account_id" => audience.AdAccountId,
                "name" => audience.Name,
                "description" => audience.Description,
                "subtype" => audience.Subtype,
                "customer_file_source" => audience.CustomerFileSource,
                "operation_status" => new JsonObject { ["code"] = audience.OperationStatusCode, ["description"] = audience.OperationStatusDescription },
                "delivery_status" => new JsonObject { ["code"] = 200, ["description"] = "This audience is ready for use." },
                "approximate_count_lower_bound" or "approximate_count_upper_bound" => audience.Members.Count,
                "time_created" => audience.CreatedAt.ToUnixTimeSeconds(),
                "time_updated" => audience.UpdatedAt.ToUnixTimeSeconds(),
                "data_source" => new JsonObject { ["type"] = "FILE_IMPORTED", ["sub_type"] = "HASHES_OR_USER_IDS" },
                "is_value_based" => audience.IsValueBased,
                _ => null,
            };

            // Graph leaves out fields that have no value rather than sending null.
            if (value is not null)
            {
                node[field] = value;
            }
        }

        return node;
    }
}

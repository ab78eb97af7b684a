using System.Text.Json;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// Validates a <c>POST /open_api/v1.3/segment/mapping/</c> body (providers.md §2.4): <c>id_schema</c> lists the id
/// types in order, each <c>batch_data</c> row has exactly one cell per schema entry, and a missing id is <c>{}</c>.
/// Messages name the row and column, never the id itself.
/// </summary>
internal static class TikTokMappingParser
{
    public static (TikTokMapping? Mapping, TikTokError? Error) Parse(JsonObject body, int maxRows)
    {
        if (body["advertiser_ids"] is not JsonArray advertiserNodes)
        {
            return (null, TikTokHttp.Missing("advertiser_ids"));
        }

        var advertiserIds = new List<string>();
        foreach (var node in advertiserNodes)
        {
            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
            {
                return (null, TikTokHttp.Invalid("advertiser_ids", "Every item must be a non-empty string."));
            }

            advertiserIds.Add(value.GetValue<string>());
        }

        if (advertiserIds.Count == 0)
        {
            return (null, TikTokHttp.Invalid("advertiser_ids", "Shorter than minimum length 1."));
        }

        var action = TikTokHttp.String(body, "action");
        if (action is not ("add" or "delete"))
        {
            return (null, action is null ? TikTokHttp.Missing("action") : TikTokHttp.Invalid("action", "Must be one of: add, delete."));
        }

        var (schema, schemaError) = ParseSchema(body["id_schema"]);
        if (schemaError is not null)
        {
            return (null, schemaError);
        }

        if (body["batch_data"] is not JsonArray rows || rows.Count == 0)
        {
            return (null, body["batch_data"] is null ? TikTokHttp.Missing("batch_data") : TikTokHttp.Invalid("batch_data", "Must be a non-empty list of rows."));
        }

        if (rows.Count > maxRows)
        {
            return (null, new TikTokError(TikTokCodes.TooManyIds, $"Too many ids in one request: batch_data has {rows.Count} rows, the limit is {maxRows}."));
        }

        var entries = new List<TikTokMappingEntry>();
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not JsonArray row || row.Count != schema!.Count)
            {
                return (null, TikTokHttp.Invalid($"batch_data[{r}]", $"Each row must be a list of {schema!.Count} items aligned with id_schema."));
            }

            for (var c = 0; c < row.Count; c++)
            {
                var (entry, cellError) = ParseCell(row[c], schema[c], $"batch_data[{r}][{c}]");
                if (cellError is not null)
                {
                    return (null, cellError);
                }

                if (entry is not null)
                {
                    entries.Add(entry);
                }
            }
        }

        return (new TikTokMapping(advertiserIds, action == "add", entries), null);
    }

    private static (List<string>? Schema, TikTokError? Error) ParseSchema(JsonNode? node)
    {
        if (node is not JsonArray items || items.Count == 0)
        {
            return (null, node is null ? TikTokHttp.Missing("id_schema") : TikTokHttp.Invalid("id_schema", "Must be a non-empty list."));
        }

        var schema = new List<string>();
        foreach (var item in items)
        {
            var idType = item is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            if (idType is null || !TikTokIdTypes.IsKnown(idType))
            {
                return (null, TikTokHttp.Invalid("id_schema", $"Every item must be one of: {TikTokIdTypes.Allowed}."));
            }

            if (schema.Contains(idType))
            {
                return (null, TikTokHttp.Invalid("id_schema", $"{idType} appears more than once."));
            }

            schema.Add(idType);
        }

        return (schema, null);
    }

    private static (TikTokMappingEntry? Entry, TikTokError? Error) ParseCell(JsonNode? node, string idType, string where)
    {
        if (node is not JsonObject cell)
        {
            return (null, TikTokHttp.Invalid(where, "Must be an object: {\"id\",\"audience_ids\"}, or {} for a missing id."));
        }

        if (cell.Count == 0)
        {
            return (null, null);
        }

        var id = TikTokHttp.String(cell, "id");
        if (id is null)
        {
            return (null, TikTokHttp.Missing($"{where}.id"));
        }

        if (!TikTokIdTypes.IsValidDigest(idType, id))
        {
            return (null, TikTokHttp.Invalid($"{where}.id", $"Not a valid {idType} value: expected a lower-case hex {TikTokIdTypes.DigestName(idType)} characters)."));
        }

        if (cell["audience_ids"] is not JsonArray audienceNodes || audienceNodes.Count == 0)
        {
            return (null, TikTokHttp.Missing($"{where}.audience_ids"));
        }

        var audienceIds = new List<string>();
        foreach (var audienceNode in audienceNodes)
        {
            if (audienceNode is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
            {
                return (null, TikTokHttp.Invalid($"{where}.audience_ids", "Every item must be a non-empty string."));
            }

            audienceIds.Add(value.GetValue<string>());
        }

        var unknown = cell.Select(p => p.Key).FirstOrDefault(k => k is not ("id" or "audience_ids"));
        return unknown is null
            ? (new TikTokMappingEntry(idType, id, audienceIds), null)
            : (null, TikTokHttp.Invalid($"{where}.{unknown}", "Unknown field."));
    }
}

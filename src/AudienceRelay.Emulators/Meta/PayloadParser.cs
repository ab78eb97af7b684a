using System.Text.Json;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// Checks a <c>payload {schema, data}</c> the way Meta documents it. A payload Meta cannot read (unknown key,
/// wrong row length, too many rows) fails the whole request with code 100; a readable row with a bad value (an
/// e-mail that was not hashed, an upper-case digest, a negative LOOKALIKE_VALUE) or with no identifying value is
/// only counted in <c>num_invalid_entries</c>, as Meta reports per-request counts rather than per-row errors.
/// </summary>
internal static class PayloadParser
{
    private const int MaxSamples = 10;

    public static (ParsedPayload? Payload, GraphError? Error) Parse(JsonElement payload, int maxRows)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return Fail("payload must be a JSON object with schema and data");
        }

        var (schema, schemaError) = ReadSchema(payload);
        if (schemaError is not null)
        {
            return (null, schemaError);
        }

        if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return Fail("payload.data must be an array of rows");
        }

        var count = data.GetArrayLength();
        if (count == 0)
        {
            return Fail("payload.data is empty");
        }

        if (count > maxRows)
        {
            return (null, GraphError.InvalidParameter(
                $"Too many rows in payload.data: {count}. A request may carry at most {maxRows} rows; split the upload into several requests of one session"));
        }

        var scopeError = CheckScopedIds(payload, schema!);
        if (scopeError is not null)
        {
            return (null, scopeError);
        }

        var rows = new List<MemberRow>(count);
        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        var invalid = 0;
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            var (row, problem, error) = RowReader.Read(item, index, schema!);
            if (error is not null)
            {
                return (null, error);
            }

            if (row is not null)
            {
                rows.Add(row);
            }
            else
            {
                invalid++;
                if (samples.Count < MaxSamples)
                {
                    samples[$"data[{index}]"] = problem!;
                }
            }

            index++;
        }

        return (new ParsedPayload(rows, count, invalid, samples) { HasLookalikeValue = schema!.Any(k => k.Name == "LOOKALIKE_VALUE") }, null);
    }

    private static (IReadOnlyList<SchemaKey>? Schema, GraphError? Error) ReadSchema(JsonElement payload)
    {
        if (!payload.TryGetProperty("schema", out var schema))
        {
            return (null, GraphError.SchemaMismatch("payload.schema is missing"));
        }

        if (schema.ValueKind == JsonValueKind.String)
        {
            var single = SchemaKeys.Find(schema.GetString()!);
            return single is { LegacySingleKey: true }
                ? ([single], null)
                : (null, GraphError.SchemaMismatch(
                    "a schema given as a string must be EMAIL_SHA256, PHONE_SHA256 or MOBILE_ADVERTISER_ID; pass a multi-key schema as an array"));
        }

        if (schema.ValueKind != JsonValueKind.Array || schema.GetArrayLength() == 0)
        {
            return (null, GraphError.SchemaMismatch("payload.schema must be a non-empty array of key names"));
        }

        var keys = new List<SchemaKey>();
        foreach (var element in schema.EnumerateArray())
        {
            var key = element.ValueKind == JsonValueKind.String ? SchemaKeys.Find(element.GetString()!) : null;
            if (key is null)
            {
                return (null, GraphError.SchemaMismatch($"schema entry {keys.Count} is not a supported key"));
            }

            if (keys.Exists(k => k.Name == key.Name))
            {
                return (null, GraphError.SchemaMismatch($"schema key {key.Name} appears twice"));
            }

            keys.Add(key);
        }

        if (keys.Count > 1 && keys.Exists(k => k.LegacySingleKey))
        {
            return (null, GraphError.SchemaMismatch(
                "EMAIL_SHA256, PHONE_SHA256 and MOBILE_ADVERTISER_ID are single-key schemas; use EMAIL, PHONE, MADID in a multi-key schema"));
        }

        if (!keys.Exists(k => k.Identity))
        {
            return (null, GraphError.SchemaMismatch("the schema has no identifying key"));
        }

        return (keys, null);
    }

    // App- and page-scoped user ids only mean something with the app or page that scopes them.
    private static GraphError? CheckScopedIds(JsonElement payload, IReadOnlyList<SchemaKey> schema)
    {
        foreach (var (key, list) in new[] { ("APPUID", "app_ids"), ("PAGEUID", "page_ids") })
        {
            if (schema.Any(k => k.Name == key)
                && (!payload.TryGetProperty(list, out var ids) || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0))
            {
                return GraphError.InvalidParameter($"payload.{list} is required when the schema contains {key}");
            }
        }

        return null;
    }

    private static (ParsedPayload?, GraphError?) Fail(string detail) => (null, GraphError.SchemaMismatch(detail));
}

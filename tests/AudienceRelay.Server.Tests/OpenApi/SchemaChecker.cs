using System.Globalization;
using System.Text.Json;

namespace AudienceRelay.Server.Tests.OpenApi;

/// <summary>
/// Checks a JSON value against a schema of the OpenAPI 3.1 document: the subset of JSON Schema the document uses
/// (<c>$ref</c> to <c>#/…</c>, <c>type</c> as a word or a list with <c>null</c>, <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>const</c>, <c>minimum</c>, <c>maximum</c>,
/// <c>minItems</c>, <c>minLength</c>, <c>maxLength</c>, <c>format: date-time</c>). Any other keyword that would
/// constrain a value is reported as unsupported, so the document cannot lean on a rule this checker skips.
/// </summary>
internal sealed class SchemaChecker(JsonElement document)
{
    // Keywords that only describe: they constrain nothing this checker would have to enforce.
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "description", "title", "default", "examples", "example", "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentSchema",
    };

    /// <summary>Every place where <paramref name="value"/> breaks <paramref name="schema"/>, as <c>$.path: problem</c>.</summary>
    public IReadOnlyList<string> Check(JsonElement schema, JsonElement value)
    {
        var problems = new List<string>();
        Check(schema, value, "$", problems, 0);
        return problems;
    }

    /// <summary>The element a local reference (<c>#/components/schemas/X</c>) points at.</summary>
    public JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local references are supported: {reference}");
        }

        var node = document;
        foreach (var part in reference[2..].Split('/'))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
            {
                throw new KeyNotFoundException($"the document has no {reference}");
            }
        }

        return node;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> problems, int depth)
    {
        if (depth > 64)
        {
            problems.Add($"{path}: schema nesting too deep (a $ref cycle?)");
            return;
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            problems.Add($"{path}: no value is allowed here");
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Resolve(keyword.Value.GetString()!), value, path, problems, depth + 1);
                    break;
                case "type":
                    CheckType(keyword.Value, value, path, problems);
                    break;
                case "enum":
                    if (!keyword.Value.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
                    {
                        problems.Add($"{path}: {value.GetRawText()} is not one of {keyword.Value.GetRawText()}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(keyword.Value, value))
                    {
                        problems.Add($"{path}: {value.GetRawText()} is not {keyword.Value.GetRawText()}");
                    }

                    break;
                case "minimum" when value.ValueKind == JsonValueKind.Number && value.GetDecimal() < keyword.Value.GetDecimal():
                case "maximum" when value.ValueKind == JsonValueKind.Number && value.GetDecimal() > keyword.Value.GetDecimal():
                case "minItems" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < keyword.Value.GetInt32():
                case "minLength" when value.ValueKind == JsonValueKind.String && value.GetString()!.Length < keyword.Value.GetInt32():
                case "maxLength" when value.ValueKind == JsonValueKind.String && value.GetString()!.Length > keyword.Value.GetInt32():
                    problems.Add($"{path}: {value.GetRawText()} breaks {keyword.Name} {keyword.Value.GetRawText()}");
                    break;
                case "minimum" or "maximum" or "minItems" or "minLength" or "maxLength":
                    break;
                case "format":
                    CheckFormat(keyword.Value.GetString(), value, path, problems);
                    break;
                case "required" when value.ValueKind == JsonValueKind.Object:
                    foreach (var name in keyword.Value.EnumerateArray().Select(n => n.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                    {
                        problems.Add($"{path}: the required property '{name}' is missing");
                    }

                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    foreach (var property in keyword.Value.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out var child))
                        {
                            Check(property.Value, child, $"{path}.{property.Name}", problems, depth + 1);
                        }
                    }

                    break;
                case "additionalProperties" when value.ValueKind == JsonValueKind.Object:
                    var declared = schema.TryGetProperty("properties", out var properties)
                        ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                        : [];
                    foreach (var extra in value.EnumerateObject().Where(p => !declared.Contains(p.Name)))
                    {
                        if (keyword.Value.ValueKind == JsonValueKind.False)
                        {
                            problems.Add($"{path}: the property '{extra.Name}' is not in the schema");
                        }
                        else
                        {
                            Check(keyword.Value, extra.Value, $"{path}.{extra.Name}", problems, depth + 1);
                        }
                    }

                    break;
                case "items" when value.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(keyword.Value, item, $"{path}[{index++}]", problems, depth + 1);
                    }

                    break;
                case "required" or "properties" or "additionalProperties" or "items":
                    break;
                case var annotation when Annotations.Contains(annotation):
                    break;
                default:
                    problems.Add($"{path}: the schema keyword '{keyword.Name}' is not supported by this checker");
                    break;
            }
        }
    }

    private static void CheckType(JsonElement type, JsonElement value, string path, List<string> problems)
    {
        var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        var fits = allowed.Any(t => t switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
            _ => throw new NotSupportedException($"unknown type '{t}'"),
        });
        if (!fits)
        {
            problems.Add($"{path}: a {value.ValueKind} is not of type {type.GetRawText()}");
        }
    }

    private static void CheckFormat(string? format, JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var text = value.GetString()!;
        var ok = format switch
        {
            "date-time" => DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "uri-reference" => Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _),
            _ => throw new NotSupportedException($"the format '{format}' is not supported by this checker"),
        };
        if (!ok)
        {
            problems.Add($"{path}: '{text}' is not a {format}");
        }
    }
}

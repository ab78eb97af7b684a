using System.Text.Json;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// One request parameter: a string (query string or form field) or a JSON value (a property of a JSON body).
/// Graph accepts both, and in forms an object-valued parameter such as <c>payload</c> is a JSON string.
/// </summary>
internal readonly record struct GraphParam(string? Text, JsonElement? Json)
{
    public static GraphParam FromText(string text) => new(text, null);

    public static GraphParam FromJson(JsonElement json) => new(null, json);

    /// <summary>The scalar value as text; null for a JSON null.</summary>
    public string? AsText()
    {
        if (Json is not { } json)
        {
            return Text;
        }

        return json.ValueKind switch
        {
            JsonValueKind.String => json.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => json.GetRawText(),
        };
    }
}

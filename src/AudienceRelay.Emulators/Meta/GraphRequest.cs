using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// A Graph request after parsing: the path below the version segment, the effective method and the parameters
/// merged from the query string and the body (form-encoded, multipart or JSON), as Graph merges them.
/// </summary>
internal sealed class GraphRequest : IDisposable
{
    // Form-encoded 10,000-row payloads exceed ASP.NET's 4 MB default value limit.
    private static readonly FormOptions LargeForms = new()
    {
        ValueLengthLimit = int.MaxValue,
        MultipartBodyLengthLimit = long.MaxValue,
    };

    private readonly List<JsonDocument> _documents = [];
    private readonly Dictionary<string, GraphParam> _params = new(StringComparer.Ordinal);

    private GraphRequest(HttpContext context, string method, IReadOnlyList<string> segments)
    {
        Context = context;
        Method = method;
        Segments = segments;
    }

    public HttpContext Context { get; }

    /// <summary>GET, POST or DELETE; a POST carrying <c>method=delete</c> counts as DELETE, as Graph allows.</summary>
    public string Method { get; private set; }

    /// <summary>Path segments after <c>v{N}.0</c>, e.g. <c>["act_1", "customaudiences"]</c>.</summary>
    public IReadOnlyList<string> Segments { get; }

    public static async Task<(GraphRequest? Request, GraphError? Error)> ReadAsync(
        HttpContext context, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        var request = new GraphRequest(context, context.Request.Method.ToUpperInvariant(), segments);
        foreach (var (key, value) in context.Request.Query)
        {
            request._params[key] = GraphParam.FromText(value.ToString());
        }

        var error = await request.ReadBodyAsync(cancellationToken);
        if (error is not null)
        {
            request.Dispose();
            return (null, error);
        }

        if (request.Method == "POST" && string.Equals(request.Text("method"), "delete", StringComparison.OrdinalIgnoreCase))
        {
            request.Method = "DELETE";
        }

        return (request, null);
    }

    public bool Has(string name) => _params.ContainsKey(name);

    public string? Text(string name) => _params.TryGetValue(name, out var value) ? value.AsText() : null;

    /// <summary>An object- or array-valued parameter, whether sent as JSON or as a JSON string in a form field.</summary>
    public GraphError? TryJson(string name, out JsonElement? value)
    {
        value = null;
        if (!_params.TryGetValue(name, out var param))
        {
            return null;
        }

        if (param.Json is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } json)
        {
            value = json;
            return null;
        }

        var text = param.AsText();
        if (string.IsNullOrWhiteSpace(text))
        {
            return GraphError.InvalidParameter($"param {name} must be a JSON object");
        }

        try
        {
            var document = JsonDocument.Parse(text);
            _documents.Add(document);
            value = document.RootElement;
            return null;
        }
        catch (JsonException)
        {
            return GraphError.InvalidParameter($"param {name} must be a JSON object");
        }
    }

    public void Dispose()
    {
        foreach (var document in _documents)
        {
            document.Dispose();
        }

        _documents.Clear();
    }

    private async Task<GraphError?> ReadBodyAsync(CancellationToken cancellationToken)
    {
        var http = Context.Request;
        if (http.HasFormContentType)
        {
            Context.Features.Set<IFormFeature>(new FormFeature(http, LargeForms));
            var form = await http.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
            {
                _params[key] = GraphParam.FromText(value.ToString());
            }

            return null;
        }

        if (http.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return GraphError.InvalidParameter("The request body is not valid JSON");
        }

        _documents.Add(document);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return GraphError.InvalidParameter("The request body must be a JSON object");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            _params[property.Name] = GraphParam.FromJson(property.Value);
        }

        return null;
    }
}

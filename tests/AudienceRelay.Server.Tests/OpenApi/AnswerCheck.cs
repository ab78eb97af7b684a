using System.Globalization;
using System.Text.Json;

namespace AudienceRelay.Server.Tests.OpenApi;

/// <summary>
/// Sends one real request and checks the answer against the document: the status is one the operation documents, the
/// media type is one of that answer's, and the body fits its schema (an answer documented without content has none).
/// Remembers what was exercised, so a test can require every documented answer to have been produced.
/// </summary>
internal sealed class AnswerCheck(JsonElement document)
{
    private readonly SchemaChecker _schemas = new(document);

    public HashSet<string> Exercised { get; } = new(StringComparer.Ordinal);

    /// <summary>Every documented answer: <c>METHOD /path status</c> of each operation, and each shared answer of <c>components/responses</c>.</summary>
    public IEnumerable<string> Documented()
    {
        foreach (var (method, path, operation) in OpenApiDocumentTests.Operations(document))
        {
            foreach (var status in operation.GetProperty("responses").EnumerateObject())
            {
                yield return $"{method} {path} {status.Name}";
            }
        }

        if (document.GetProperty("components").TryGetProperty("responses", out var shared))
        {
            foreach (var answer in shared.EnumerateObject())
            {
                yield return "#/components/responses/" + answer.Name;
            }
        }
    }

    /// <param name="operation"><c>METHOD /path</c> as documented, or a <c>#/components/responses/…</c> reference.</param>
    public async Task SendAsync(HttpClient http, string operation, int status, Func<HttpRequestMessage> request, Action<JsonElement>? more = null)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        JsonElement answer;
        if (operation.StartsWith('#'))
        {
            answer = _schemas.Resolve(operation);
            Exercised.Add(operation);
        }
        else
        {
            var (method, path) = (operation[..operation.IndexOf(' ', StringComparison.Ordinal)], operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var documented = document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var op)
                && op.GetProperty("responses").TryGetProperty(code, out _);
            Assert.True(documented, $"{operation} {code} is not documented");
            answer = item.GetProperty(method.ToLowerInvariant()).GetProperty("responses").GetProperty(code);
            Exercised.Add($"{operation} {code}");
            if (answer.TryGetProperty("$ref", out var reference))
            {
                Exercised.Add(reference.GetString()!);
                answer = _schemas.Resolve(reference.GetString()!);
            }
        }

        using var message = request();
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var where = $"{message.Method} {message.RequestUri} (as {operation} {code})";
        Assert.True((int)response.StatusCode == status, $"{where}: answered {(int)response.StatusCode}: {text}");

        if (!answer.TryGetProperty("content", out var content))
        {
            Assert.True(text.Length == 0, $"{where}: the document gives this answer no content, but it has a body: {text}");
            return;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        Assert.True(content.TryGetProperty(mediaType, out var media), $"{where}: answered {mediaType}, documented {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var problems = _schemas.Check(media.GetProperty("schema"), body);
        Assert.True(problems.Count == 0, $"{where}: the body does not fit the documented schema:\n  {string.Join("\n  ", problems)}\nbody: {text}");
        more?.Invoke(body);
    }
}

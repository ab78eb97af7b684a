using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Client.Serialization;

namespace AudienceRelay.Client;

/// <summary>
/// Typed client of the AudienceRelay API. <paramref name="http"/> must have a <see cref="HttpClient.BaseAddress"/>
/// (the server's root URL); <paramref name="apiKey"/> is sent as <c>Authorization: Bearer</c> when given.
/// It does not retry: a caller that wants retries decides which failures are worth it
/// (<see cref="AudienceRelayException.IsTransient"/>, <see cref="HttpRequestException"/>).
/// </summary>
public sealed class AudienceRelayClient(HttpClient http, string? apiKey = null)
{
    /// <summary>
    /// Posts one batch to <c>POST /audience</c>, the users as a JSON file part. Returns the answer for 200 and 202;
    /// throws <see cref="AudienceRelayException"/> for 4xx and 5xx, <see cref="HttpRequestException"/> when the
    /// server could not be reached.
    /// </summary>
    public async Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Users.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one user.", nameof(request));
        }

        using var form = new MultipartFormDataContent
        {
            { new StringContent(request.Name), "name" },
            { new StringContent(request.Type == AudienceKind.Primary ? "primary" : "custom"), "type" },
            { new StringContent(JsonSerializer.Serialize(request.Batch, ClientJsonContext.Default.UploadBatch)), "batch" },
            // A file part lets the server stream the users instead of buffering one huge form value.
            { PooledJsonContent.Create(request.Users, ClientJsonContext.Default.IReadOnlyListUserRecord), "users", "users.json" },
        };

        var query = $"audience?disablePrefix={Flag(request.DisablePrefix)}&sync={Flag(request.Sync)}";
        using var message = new HttpRequestMessage(HttpMethod.Post, Resolve(query)) { Content = form };
        Authorize(message);

        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, cancellationToken);
        }

        var result = await ReadAsync(response, ClientJsonContext.Default.UploadResult, cancellationToken);
        return result with { StatusCode = response.StatusCode };
    }

    /// <summary>Reads <c>GET /audience/sessions/{sessionId}</c>; <see langword="null"/> when the server does not know the session.</summary>
    public async Task<SessionStatusDto?> GetSessionAsync(long sessionId, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, Resolve($"audience/sessions/{sessionId}"));
        Authorize(message);

        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, cancellationToken);
        }

        return await ReadAsync(response, ClientJsonContext.Default.SessionStatusDto, cancellationToken);
    }

    private static string Flag(bool value) => value ? "true" : "false";

    private Uri Resolve(string relative)
    {
        var root = http.BaseAddress ?? throw new InvalidOperationException("The HttpClient needs a BaseAddress: the server's root URL.");

        // Without a trailing slash, a base such as http://host/relay would lose its last segment.
        if (!root.AbsolutePath.EndsWith('/'))
        {
            root = new Uri(root.GetLeftPart(UriPartial.Path) + "/");
        }

        return new Uri(root, relative);
    }

    private void Authorize(HttpRequestMessage message)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken)
                ?? throw new JsonException("The answer was JSON null.");
        }
        catch (JsonException)
        {
            throw new AudienceRelayException(response.StatusCode, "Unreadable answer", ["The server's answer was not the expected JSON."]);
        }
    }

    private static async Task<AudienceRelayException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = RetryAfter(response);
        var problem = await TryReadProblemAsync(response, cancellationToken);
        var errors = problem?.Errors ?? (problem?.Detail is { } detail ? [detail] : []);
        return new AudienceRelayException(
            response.StatusCode,
            problem?.Title ?? response.ReasonPhrase,
            errors,
            problem?.Results,
            retryAfter);
    }

    private static async Task<ProblemResponse?> TryReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Proxies and crashed hosts answer HTML or text; only JSON is the API's own error.
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, ClientJsonContext.Default.ProblemResponse, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        // An HTTP date is measured against the server's own Date header, so no local clock is involved.
        if (header?.Date is { } until && response.Headers.Date is { } now)
        {
            return until > now ? until - now : TimeSpan.Zero;
        }

        return null;
    }
}

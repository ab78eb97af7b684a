using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// Sends Graph requests for one instance and reads the answers. The token travels in
/// <c>Authorization: Bearer</c> (Graph accepts it there as well as in <c>access_token</c>), so it never appears in a
/// URL that a proxy or an HTTP log could record. With an app secret, every call carries <c>appsecret_proof</c> =
/// lower-hex HMAC-SHA256(key = app secret, message = token) in the query string
/// (https://developers.facebook.com/docs/graph-api/securing-requests).
/// </summary>
internal sealed class FacebookClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly AuthenticationHeaderValue _auth;
    private readonly Uri _root;
    private readonly string? _proof;

    public FacebookClient(HttpClient http, FacebookSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _http = http;
        _time = time;
        _auth = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        _root = new Uri(settings.BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + settings.ApiVersion + "/");
        _proof = settings.AppSecret is { } secret
            ? Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(settings.AccessToken)))
            : null;
    }

    /// <summary><c>{BaseUrl}/{ApiVersion}/{path}?{query}</c>, plus the proof when configured.</summary>
    public Uri Url(string path, string? query = null)
    {
        var proof = _proof is null ? null : "appsecret_proof=" + _proof;
        var full = (query, proof) switch
        {
            (null, null) => null,
            (null, _) => proof,
            (_, null) => query,
            _ => query + "&" + proof,
        };
        return new Uri(_root, full is null ? path : path + "?" + full);
    }

    /// <summary>
    /// A <c>paging.next</c> URL to follow, or null when it points at another host than the configured one (the token
    /// is only ever sent to that host). Adds the proof when the link does not repeat it.
    /// </summary>
    public Uri? Follow(string next)
    {
        if (!Uri.TryCreate(next, UriKind.Absolute, out var uri)
            || Uri.Compare(uri, _root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return null;
        }

        if (_proof is null || uri.Query.Contains("appsecret_proof=", StringComparison.Ordinal))
        {
            return uri;
        }

        var query = uri.Query.Length > 1 ? uri.Query + "&" : "?";
        return new Uri(uri.GetLeftPart(UriPartial.Path) + query + "appsecret_proof=" + _proof);
    }

    public Task<GraphAnswer<T>> GetAsync<T>(Uri url, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), answer, replaceSession: false, cancellationToken);

    public Task<GraphAnswer<TAnswer>> PostAsync<TBody, TAnswer>(
        Uri url, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TAnswer> answer, bool replaceSession, CancellationToken cancellationToken)
        where TAnswer : class
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = Json;
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content }, answer, replaceSession, cancellationToken);
    }

    private async Task<GraphAnswer<T>> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> answer, bool replaceSession, CancellationToken cancellationToken)
        where T : class
    {
        using (request)
        {
            request.Headers.Authorization = _auth;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return Read(response, body, answer, replaceSession);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested)
            {
                return GraphAnswer<T>.Refused(HttpOutcomes.Transport(ex));
            }
        }
    }

    private GraphAnswer<T> Read<T>(HttpResponseMessage response, byte[] body, JsonTypeInfo<T> answer, bool replaceSession)
        where T : class
    {
        var status = (int)response.StatusCode;

        // Graph's edge sometimes answers with an HTML error page (large uploads, outages): a server-side hiccup.
        if (LooksLikeHtml(response, body))
        {
            return GraphAnswer<T>.Refused(new DeliveryOutcome.Retry($"HTTP {status}: Meta answered with an HTML page instead of JSON"));
        }

        if (response.IsSuccessStatusCode)
        {
            return Parse(body, answer) is { } value
                ? GraphAnswer<T>.Of(value)
                : GraphAnswer<T>.Refused(new DeliveryOutcome.Retry($"HTTP {status}: Meta's answer could not be read"));
        }

        if (Parse(body, FacebookJsonContext.Default.GraphErrorEnvelope) is { Error: { } error })
        {
            return GraphAnswer<T>.Refused(FacebookErrors.Classify(error, response, replaceSession), error);
        }

        return GraphAnswer<T>.Refused(status >= 500
            ? new DeliveryOutcome.Retry($"HTTP {status}: Meta answered without a Graph error")
            : HttpOutcomes.FromStatus(response, "Meta answered without a Graph error", _time));
    }

    private static T? Parse<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool LooksLikeHtml(HttpResponseMessage response, byte[] body)
    {
        if (response.Content.Headers.ContentType?.MediaType is "text/html")
        {
            return true;
        }

        var text = body.AsSpan().TrimStart(" \t\r\n"u8);
        return !text.IsEmpty && text[0] == (byte)'<';
    }
}

/// <summary>
/// A Graph call's result: the answer Meta gave, or the outcome to record when there is none to use, with Meta's error
/// when it sent one (the provider asks it the questions only it can answer: audience gone, replace abandoned).
/// </summary>
internal readonly record struct GraphAnswer<T>(T? Value, DeliveryOutcome? Problem, GraphErrorBody? Error = null)
    where T : class
{
    public static GraphAnswer<T> Of(T value) => new(value, null);

    public static GraphAnswer<T> Refused(DeliveryOutcome problem, GraphErrorBody? error = null) => new(null, problem, error);

    /// <summary>
    /// Meta no longer has the audience the call named: <c>(#100)</c> subcode 33 "does not exist" on an audience's own
    /// edge, or 1487366 (audience deleted) (https://developers.facebook.com/docs/marketing-api/error-reference).
    /// </summary>
    public bool AudienceGone => Error is { Code: 100, ErrorSubcode: 33 } or { ErrorSubcode: 1487366 } or { Code: 1487366 };

    /// <summary>
    /// Meta does not know the replace session this request continues: 2650/1870147 "first batch_seq not detected", the
    /// answer for a session that never started at 1 or that Meta dropped after its time-out (docs/providers/facebook.md).
    /// </summary>
    public bool ReplaceAbandoned => Error is { Code: 2650, ErrorSubcode: 1870147 };
}

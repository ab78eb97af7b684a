using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Pinterest;

/// <summary>
/// HTTP to Pinterest API v5 under <c>{BaseUrl}/v5/</c> (pages are fetched by <c>bookmark</c> on the same URL, so no
/// call leaves the configured host). A fixed <c>AccessToken</c>, or one refreshed at <c>TokenUrl</c> with HTTP Basic
/// client credentials (kept until shortly before it expires, refreshed once on a 401). Answers become data or a
/// <see cref="DeliveryOutcome"/>: 429 a throttled retry honoring Retry-After, 5xx a retry, other 4xx a failure
/// carrying Pinterest's <c>message</c>.
/// </summary>
internal sealed class PinterestClient
{
    private readonly PinterestSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OAuthTokenCache? _tokens;

    public PinterestClient(PinterestSettings settings, HttpClient http, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _http = http;
        _time = time;
        _logger = logger;
        _tokens = settings.Refreshes ? new OAuthTokenCache(RefreshAsync, time) : null;
        Root = new Uri(settings.BaseUrl.ToString().TrimEnd('/') + "/v5/");
    }

    public Uri Root { get; }

    public int TokenRefreshes => _tokens?.Refreshes ?? 0;

    public Uri Url(string relative) => new(Root, relative);

    /// <summary>One call; with the refresh trio, a 401 refreshes the token and sends the call once more.</summary>
    public async Task<(T? Data, DeliveryOutcome? Problem)> SendAsync<T>(HttpMethod method, Uri url, byte[]? body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(null, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            if (token.Problem is not null)
            {
                return (default, token.Problem);
            }

            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1 && _tokens is not null)
                {
                    PinterestLog.TokenRefused(_logger, _settings.Instance);
                    token = await TokenAsync(token.AccessToken, cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return (default, await ClassifyAsync(response, url, cancellationToken));
                }

                try
                {
                    var data = await response.Content.ReadFromJsonAsync(type, cancellationToken);
                    return data is null ? (default, new DeliveryOutcome.Retry($"Pinterest answered {url.AbsolutePath} with an empty body")) : (data, null);
                }
                catch (JsonException)
                {
                    return (default, new DeliveryOutcome.Retry($"Pinterest answered {url.AbsolutePath} with a body that is not its JSON"));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (default, HttpOutcomes.Transport(ex));
            }
        }
    }

    private Task<OAuthTokenResult> TokenAsync(string? rejected, CancellationToken cancellationToken) =>
        _tokens is null ? Task.FromResult(OAuthTokenResult.Of(_settings.AccessToken!, TimeSpan.MaxValue)) : _tokens.GetAsync(rejected, cancellationToken);

    private async Task<DeliveryOutcome> ClassifyAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        PinterestError? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync(PinterestJsonContext.Default.PinterestError, cancellationToken);
        }
        catch (JsonException)
        {
            // A gateway's page, not Pinterest's JSON: the status alone decides.
        }

        var code = error?.Code is { } c ? $" code {c}" : string.Empty;
        var detail = $"Pinterest{code} on {url.AbsolutePath}: {error?.Message ?? "no message"}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DeliveryOutcome.Failed($"HTTP 401: {detail} (check {(_tokens is null ? "AccessToken" : "ClientId, ClientSecret and RefreshToken")})"),
            HttpStatusCode.Forbidden => new DeliveryOutcome.Failed($"HTTP 403: {detail} (the token needs ads:read and ads:write on AdAccountId)"),
            HttpStatusCode.NotFound => new DeliveryOutcome.Failed($"HTTP 404: {detail} (the ad account or customer list does not exist)"),
            _ => HttpOutcomes.FromStatus(response, detail, _time),
        };
    }

    // Pinterest's refresh: client id and secret as HTTP Basic credentials, the grant in a form body
    // (pinterest/api-description v5/openapi.json, POST /oauth/token, security "basic").
    private async Task<OAuthTokenResult> RefreshAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", _settings.RefreshToken!)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_settings.ClientId}:{_settings.ClientSecret}")));
        var result = await OAuthRefresh.SendAsync(_http, request, "Pinterest", "ClientId, ClientSecret and RefreshToken", _time, cancellationToken);
        if (result.AccessToken is not null)
        {
            PinterestLog.TokenRefreshed(_logger, _settings.Instance, (long)result.Lifetime.TotalSeconds);
        }

        return result;
    }
}

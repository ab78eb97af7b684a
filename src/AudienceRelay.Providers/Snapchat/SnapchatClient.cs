using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Snapchat;

/// <summary>
/// HTTP to Snap's Marketing API: a bearer token from the refresh token (cached until shortly before it expires,
/// refreshed once on a 401), JSON bodies, and every answer turned into data or a <see cref="DeliveryOutcome"/>.
/// Snap documents 429 for its rate limits and no rate-limit headers; a Retry-After, if sent, is honored
/// (https://developers.snap.com/api/marketing-api/Ads-API/rate-limits).
/// </summary>
internal sealed class SnapchatClient
{
    private readonly SnapchatSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OAuthTokenCache _tokens;

    public SnapchatClient(SnapchatSettings settings, HttpClient http, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _http = http;
        _time = time;
        _logger = logger;
        _tokens = new OAuthTokenCache(RefreshAsync, time);
        Root = new Uri(settings.BaseUrl.ToString().TrimEnd('/') + "/v1/");
    }

    /// <summary><c>{BaseUrl}/v1/</c>: every call and every followed page stays on this scheme, host and port.</summary>
    public Uri Root { get; }

    public int TokenRefreshes => _tokens.Refreshes;

    public Uri Url(string relative) => new(Root, relative);

    /// <summary>A page link Snap returned, if it points at the configured API (a bearer token is never sent elsewhere).</summary>
    public Uri? SameHost(string? link)
    {
        if (link is null || !Uri.TryCreate(link, UriKind.Absolute, out var next))
        {
            return null;
        }

        if (Uri.Compare(next, Root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return next;
        }

        SnapchatLog.ForeignNextPage(_logger, _settings.Instance);
        return null;
    }

    /// <summary>One call; a 401 refreshes the token and sends the call once more.</summary>
    public async Task<(T? Data, DeliveryOutcome? Problem)> SendAsync<T>(HttpMethod method, Uri url, byte[]? body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAsync(null, cancellationToken);
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
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
                {
                    SnapchatLog.TokenRefused(_logger, _settings.Instance);
                    token = await _tokens.GetAsync(token.AccessToken, cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return (default, await ClassifyAsync(response, url, cancellationToken));
                }

                try
                {
                    var data = await response.Content.ReadFromJsonAsync(type, cancellationToken);
                    return data is null ? (default, new DeliveryOutcome.Retry($"Snap answered {url.AbsolutePath} with an empty body")) : (data, null);
                }
                catch (JsonException)
                {
                    return (default, new DeliveryOutcome.Retry($"Snap answered {url.AbsolutePath} with a body that is not its JSON"));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (default, HttpOutcomes.Transport(ex));
            }
        }
    }

    private async Task<DeliveryOutcome> ClassifyAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        SnapErrorAnswer? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync(SnapchatJsonContext.Default.SnapErrorAnswer, cancellationToken);
        }
        catch (JsonException)
        {
            // A gateway's page, not Snap's JSON: the status alone decides.
        }

        var code = error?.ErrorCode is { Length: > 0 } c ? $" {c}" : string.Empty;
        var detail = $"Snap{code} on {url.AbsolutePath}: {error?.DebugMessage ?? error?.DisplayMessage ?? "no message"}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DeliveryOutcome.Failed($"HTTP 401: {detail} (the refreshed token was refused too: check ClientId, ClientSecret and RefreshToken)"),
            HttpStatusCode.Forbidden => new DeliveryOutcome.Failed($"HTTP 403: {detail} (the user of the RefreshToken lacks access to AdAccountId)"),
            HttpStatusCode.NotFound => new DeliveryOutcome.Failed($"HTTP 404: {detail} (the ad account or segment does not exist)"),
            _ => HttpOutcomes.FromStatus(response, detail, _time),
        };
    }

    // Snap's refresh: client id and secret in the form body (https://developers.snap.com/api/marketing-api/Ads-API/authentication).
    private async Task<OAuthTokenResult> RefreshAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "refresh_token"),
                new("client_id", _settings.ClientId),
                new("client_secret", _settings.ClientSecret),
                new("refresh_token", _settings.RefreshToken),
            ]),
        };
        var result = await OAuthRefresh.SendAsync(_http, request, "Snap", "ClientId, ClientSecret and RefreshToken", _time, cancellationToken);
        if (result.AccessToken is not null)
        {
            SnapchatLog.TokenRefreshed(_logger, _settings.Instance, (long)result.Lifetime.TotalSeconds);
        }

        return result;
    }
}

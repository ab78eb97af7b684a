using System.Net.Http.Json;
using System.Text.Json;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Google;

/// <summary>
/// Access tokens from the instance's refresh token (OAuth 2.0 refresh grant,
/// https://developers.google.com/identity/protocols/oauth2/web-server#offline), one at a time per instance, cached until
/// shortly before they expire. A token Google refused is dropped once so the next call refreshes. Tokens are never logged.
/// </summary>
internal sealed class GoogleTokens(GoogleSettings settings, HttpClient http, TimeProvider time, ILogger logger)
{
    // Refresh this long before the stated expiry, so a token never expires between the check and Google reading it.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _refreshAt;

    /// <summary>A usable access token, or the outcome of a refresh that did not give one.</summary>
    public async Task<(string? Token, DeliveryOutcome? Problem)> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && time.GetUtcNow() < _refreshAt)
            {
                return (_token, null);
            }

            return await RefreshAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="refused"/> (if still cached): Google answered 401 to it.</summary>
    public async Task InvalidateAsync(string refused, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (string.Equals(_token, refused, StringComparison.Ordinal))
            {
                _token = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string? Token, DeliveryOutcome? Problem)> RefreshAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = settings.ClientId,
                ["client_secret"] = settings.ClientSecret,
                ["refresh_token"] = settings.RefreshToken,
            }),
        };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            GoogleTokenAnswer? answer;
            try
            {
                answer = await response.Content.ReadFromJsonAsync(GoogleJsonContext.Default.GoogleTokenAnswer, cancellationToken);
            }
            catch (JsonException)
            {
                answer = null;
            }

            if (!response.IsSuccessStatusCode)
            {
                // invalid_grant / invalid_client are the credentials' fault: a retry cannot fix them (RFC 6749 §5.2).
                var detail = $"Google OAuth refused the refresh ({answer?.Error ?? "no error code"}: {answer?.ErrorDescription ?? "no description"})";
                return (null, answer?.Error is "invalid_grant" or "invalid_client" or "unauthorized_client"
                    ? new DeliveryOutcome.Failed($"{detail}; check ClientId, ClientSecret and RefreshToken")
                    : HttpOutcomes.FromStatus(response, detail, time));
            }

            if (answer?.AccessToken is not { Length: > 0 } token)
            {
                return (null, new DeliveryOutcome.Retry("Google OAuth answered without an access_token"));
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(answer.ExpiresIn ?? 3600, 1));
            _token = token;
            _refreshAt = time.GetUtcNow() + lifetime - (lifetime > 2 * Margin ? Margin : lifetime / 2);
            GoogleLog.TokenRefreshed(logger, settings.Instance, (int)lifetime.TotalSeconds);
            return (token, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, HttpOutcomes.Transport(ex));
        }
    }
}

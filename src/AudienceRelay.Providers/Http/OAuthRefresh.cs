using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Http;

/// <summary>
/// Sends one <c>grant_type=refresh_token</c> request (RFC 6749 §6) that a platform client built, and reads the
/// standard answer. Errors carry the platform's <c>error</c> code only: an error description can echo a credential.
/// </summary>
internal static class OAuthRefresh
{
    // Used when the answer has no expires_in: RFC 6749 makes it optional; an hour is what the platforms here issue at most.
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public static async Task<OAuthTokenResult> SendAsync(HttpClient http, HttpRequestMessage request, string platform, string settingsHint, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            OAuthTokenAnswer? answer = null;
            try
            {
                answer = await response.Content.ReadFromJsonAsync(OAuthJsonContext.Default.OAuthTokenAnswer, cancellationToken);
            }
            catch (JsonException)
            {
                // Not the platform's JSON (a proxy's page): classified by the status below.
            }

            if (response.IsSuccessStatusCode && answer?.AccessToken is { Length: > 0 } token)
            {
                var lifetime = answer.ExpiresIn is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
                return OAuthTokenResult.Of(token, lifetime);
            }

            var code = answer?.Error is { Length: > 0 and <= 64 } error ? error : "no error code";
            return OAuthTokenResult.Failed(response.StatusCode switch
            {
                _ when response.IsSuccessStatusCode => new DeliveryOutcome.Retry($"{platform} token endpoint answered without an access_token"),
                HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    new DeliveryOutcome.Failed($"{platform} refused the token refresh (HTTP {(int)response.StatusCode}, {code}): check {settingsHint}"),
                _ => HttpOutcomes.FromStatus(response, $"{platform} token endpoint ({code})", time),
            });
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return OAuthTokenResult.Failed(HttpOutcomes.Transport(ex));
        }
    }
}

/// <summary>The token endpoint's answer (RFC 6749 §5.1 and §5.2).</summary>
internal sealed record OAuthTokenAnswer(string? AccessToken, long? ExpiresIn, string? TokenType, string? Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OAuthTokenAnswer))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;

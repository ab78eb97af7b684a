using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.LinkedIn;

/// <summary>
/// The access token of one instance. A fixed <c>AccessToken</c> is used as is; with the refresh trio a token is minted
/// at <c>TokenUrl</c> (grant_type=refresh_token, https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens),
/// cached until shortly before its <c>expires_in</c>, and minted again when LinkedIn refuses it. One refresh at a time:
/// concurrent deliveries wait for it instead of each spending the refresh token. Tokens never reach a log or a message.
/// </summary>
internal sealed class LinkedInTokens(LinkedInSettings settings, HttpClient http, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan MaxEarly = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Grant? _grant = settings.AccessToken is { } fixedToken ? new Grant(fixedToken, DateTimeOffset.MaxValue) : null;

    public bool CanRefresh => settings.CanRefresh;

    /// <summary>The token to send, minting one first when none is cached or it is about to expire.</summary>
    public async Task<(string? Token, DeliveryOutcome? Problem)> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _grant) is { } cached && time.GetUtcNow() < cached.RenewAt)
        {
            return (cached.Token, null);
        }

        return await RenewAsync(rejected: null, cancellationToken);
    }

    /// <summary>After a 401: mints a new token unless another delivery already replaced <paramref name="rejected"/>.</summary>
    public async Task<(string? Token, DeliveryOutcome? Problem)> RenewAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_grant is { } current && !string.Equals(current.Token, rejected, StringComparison.Ordinal) && time.GetUtcNow() < current.RenewAt)
            {
                return (current.Token, null);
            }

            if (!CanRefresh)
            {
                return (null, new DeliveryOutcome.Failed("LinkedIn refused the access token (HTTP 401): set a valid AccessToken, or ClientId, ClientSecret and RefreshToken to refresh it"));
            }

            var (token, lifetime, problem) = await MintAsync(cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }

            var early = TimeSpan.FromTicks(Math.Min(MaxEarly.Ticks, lifetime.Ticks / 2));
            Volatile.Write(ref _grant, new Grant(token!, time.GetUtcNow() + lifetime - early));
            LinkedInLog.TokenRefreshed(logger, settings.Instance, lifetime);
            return (token, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string? Token, TimeSpan Lifetime, DeliveryOutcome? Problem)> MintAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "refresh_token"),
                new("refresh_token", settings.RefreshToken!),
                new("client_id", settings.ClientId!),
                new("client_secret", settings.ClientSecret!),
            ]),
        };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            LinkedInTokenAnswer? answer = null;
            try
            {
                answer = await response.Content.ReadFromJsonAsync(LinkedInJsonContext.Default.LinkedInTokenAnswer, cancellationToken);
            }
            catch (JsonException)
            {
                // Classified by status below; the body is not echoed (it could carry a token).
            }

            if (response.IsSuccessStatusCode && answer?.AccessToken is { Length: > 0 } token)
            {
                var seconds = answer.ExpiresIn is > 0 and var s ? s : 3600;
                return (token, TimeSpan.FromSeconds(seconds), null);
            }

            var detail = answer?.Error is { } error ? $"{error}: {answer.ErrorDescription}" : "no OAuth error in the answer";
            return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                ? (null, TimeSpan.Zero, new DeliveryOutcome.Failed($"LinkedIn refused to refresh the access token ({detail}): check ClientId, ClientSecret and RefreshToken"))
                : (null, TimeSpan.Zero, HttpOutcomes.FromStatus(response, $"LinkedIn token endpoint ({detail})", time));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, TimeSpan.Zero, HttpOutcomes.Transport(ex));
        }
    }

    private sealed class Grant(string token, DateTimeOffset renewAt)
    {
        public string Token { get; } = token;
        public DateTimeOffset RenewAt { get; } = renewAt;
    }
}

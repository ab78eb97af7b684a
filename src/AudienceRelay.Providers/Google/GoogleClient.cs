using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Google;

/// <summary>One Google Ads answer: the parsed body of a 2xx, or the outcome of anything else and Google's error codes in it.</summary>
internal sealed record GoogleAnswer<T>(T? Value, DeliveryOutcome? Problem, IReadOnlySet<string> Codes);

/// <summary>
/// Google Ads API REST calls for one customer (https://developers.google.com/google-ads/api/rest/auth): the bearer token,
/// <c>developer-token</c> and, through a manager, <c>login-customer-id</c>. A 401 drops the token and the call is sent once
/// more with a fresh one. Every path is under the configured API root, so no token ever leaves BaseUrl's host
/// (Google pages with <c>pageToken</c>, not links). Errors become outcomes (providers.md §4.5):
/// <c>CONCURRENT_MODIFICATION</c>, 429/<c>RESOURCE_EXHAUSTED</c> and 5xx are retried honoring Google's <c>retryDelay</c>;
/// the rest fail with Google's code and message.
/// </summary>
internal sealed class GoogleClient(GoogleSettings settings, HttpClient http, GoogleTokens tokens, TimeProvider time, ILogger logger)
{
    private static readonly HashSet<string> Empty = [];

    public GoogleSettings Settings => settings;

    public TimeProvider Time => time;

    /// <summary>POSTs <paramref name="body"/> to <c>customers/{CustomerId}/{path}</c>.</summary>
    public async Task<GoogleAnswer<TAnswer>> PostAsync<TBody, TAnswer>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TAnswer> answerType, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, bodyType);
        var url = $"{settings.ApiRoot}customers/{settings.CustomerId}/{path}";
        for (var attempt = 1; ; attempt++)
        {
            var (token, problem) = await tokens.GetAsync(cancellationToken);
            if (problem is not null)
            {
                return new(default, problem, Empty);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("developer-token", settings.DeveloperToken);
            if (settings.LoginCustomerId is { } login)
            {
                request.Headers.Add("login-customer-id", login);
            }

            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
                {
                    // The access token expired or was revoked early: refresh once and send again.
                    GoogleLog.TokenRejected(logger, settings.Instance);
                    await tokens.InvalidateAsync(token!, cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return await FailureAsync<TAnswer>(response, cancellationToken);
                }

                try
                {
                    return new(await response.Content.ReadFromJsonAsync(answerType, cancellationToken), null, Empty);
                }
                catch (JsonException)
                {
                    return new(default, new DeliveryOutcome.Retry($"Google answered {path} with a body that is not its JSON"), Empty);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new(default, HttpOutcomes.Transport(ex), Empty);
            }
        }
    }

    /// <summary>Google's error codes (<c>CONCURRENT_MODIFICATION</c>, …) found in a status.</summary>
    public static IReadOnlySet<string> CodesOf(GoogleStatus? status) =>
        (status?.Details ?? []).SelectMany(d => d.Errors ?? []).SelectMany(e => e.ErrorCode?.Values ?? []).ToHashSet(StringComparer.Ordinal);

    private async Task<GoogleAnswer<T>> FailureAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        GoogleStatus? error = null;
        try
        {
            error = (await response.Content.ReadFromJsonAsync(GoogleJsonContext.Default.GoogleErrorEnvelope, cancellationToken))?.Error;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // Not Google's JSON (a proxy's page): classified by the status alone.
        }

        var codes = CodesOf(error);
        return new(default, Classify(response, error, codes), codes);
    }

    private DeliveryOutcome Classify(HttpResponseMessage response, GoogleStatus? error, IReadOnlySet<string> codes)
    {
        var status = (int)response.StatusCode;
        var errors = (error?.Details ?? []).SelectMany(d => d.Errors ?? []).ToList();
        var message = errors.Select(e => e.Message).FirstOrDefault(m => m is { Length: > 0 }) ?? error?.Message ?? "no message";
        var detail = $"Google HTTP {status} {error?.Status ?? "no status"}{(codes.Count > 0 ? " " + string.Join(",", codes.Order(StringComparer.Ordinal)) : "")}: {message}";
        var delay = errors.Select(e => ParseDuration(e.Details?.QuotaErrorDetails?.RetryDelay)).Max() ?? HttpOutcomes.RetryAfter(response, time);
        if (codes.Contains("CONCURRENT_MODIFICATION"))
        {
            // Returned as 400 but transient: another job of the same list is running (providers.md §4.3).
            return new DeliveryOutcome.Retry($"{detail} (another job of this list is running)", delay);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests || error?.Status == "RESOURCE_EXHAUSTED"
            || codes.Contains("RESOURCE_EXHAUSTED") || codes.Contains("RESOURCE_TEMPORARILY_EXHAUSTED"))
        {
            return new DeliveryOutcome.Retry(detail, delay, Throttled: true);
        }

        return status switch
        {
            >= 500 or 408 => new DeliveryOutcome.Retry(detail, delay),
            401 => new DeliveryOutcome.Failed($"{detail} (check DeveloperToken, ClientId, ClientSecret and RefreshToken)"),
            403 => new DeliveryOutcome.Failed($"{detail} (check CustomerId, LoginCustomerId and the user's access to the account)"),
            _ => new DeliveryOutcome.Failed(detail),
        };
    }

    /// <summary>A protobuf JSON Duration ("30s", "1.500s"), or null.</summary>
    private static TimeSpan? ParseDuration(string? value) =>
        value is { Length: > 1 } && value.EndsWith('s')
            && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}

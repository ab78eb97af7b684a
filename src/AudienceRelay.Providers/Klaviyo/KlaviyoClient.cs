using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>
/// One Klaviyo call with the headers every <c>/api/</c> call needs (https://developers.klaviyo.com/en/docs/api_overview):
/// <c>Authorization: Klaviyo-API-Key</c>, the pinned <c>revision</c>, JSON in and out. Answers other than 2xx become
/// outcomes carrying the errors' <c>detail</c> texts (Klaviyo's validation messages, not the profile values).
/// </summary>
internal sealed class KlaviyoClient(KlaviyoSettings settings, HttpClient http, TimeProvider time)
{
    private readonly string _root = settings.BaseUrl.ToString().TrimEnd('/') + "/api/";
    private readonly Uri _rootUri = settings.BaseUrl;
    private readonly string _apiKey = settings.ApiKey;
    private readonly string _revision = settings.Revision;

    public TimeProvider Time => time;

    /// <summary>
    /// The parsed body of a 2xx answer (default when there is none), or the outcome of any other answer. A path may be
    /// an absolute <c>links.next</c> URL from an earlier answer; it is followed only when it points at the configured
    /// BaseUrl's scheme, host and port, so the API key is never sent anywhere else. With <paramref name="listScoped"/>,
    /// a 404 means the list the call names is gone (deleted in Klaviyo) and becomes <see cref="DeliveryOutcome.AudienceGone"/>.
    /// </summary>
    public async Task<(T? Body, DeliveryOutcome? Problem)> SendAsync<T>(
        HttpMethod method, string pathAndQuery, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool listScoped = false)
    {
        Uri url;
        if (pathAndQuery.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(pathAndQuery, UriKind.Absolute, out var absolute)
                || Uri.Compare(absolute, _rootUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                content?.Dispose();
                return (default, new DeliveryOutcome.Failed("Klaviyo's links.next points at another host than BaseUrl; the API key is not sent there"));
            }

            url = absolute;
        }
        else
        {
            url = new Uri(_root + pathAndQuery);
        }

        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", _apiKey);
        request.Headers.Add("revision", _revision);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await ErrorDetailAsync(response, cancellationToken);
                return (default, listScoped && response.StatusCode == System.Net.HttpStatusCode.NotFound
                    ? new DeliveryOutcome.AudienceGone($"HTTP 404: Klaviyo: {detail}")
                    : HttpOutcomes.FromStatus(response, $"Klaviyo: {detail}", time));
            }

            if (response.Content.Headers.ContentLength == 0)
            {
                return (default, null);
            }

            try
            {
                return (await response.Content.ReadFromJsonAsync(type, cancellationToken), null);
            }
            catch (JsonException)
            {
                return (default, new DeliveryOutcome.Retry("Klaviyo answered with a body that is not JSON:API"));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (default, HttpOutcomes.Transport(ex));
        }
    }

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var errors = await response.Content.ReadFromJsonAsync(KlaviyoJsonContext.Default.KlaviyoErrors, cancellationToken);
            var details = errors?.Errors?.Select(e => e.Detail ?? e.Title ?? e.Code).OfType<string>().Distinct().Take(5).ToList();
            return details is { Count: > 0 } ? string.Join("; ", details) : "no error detail";
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return "no error detail";
        }
    }
}

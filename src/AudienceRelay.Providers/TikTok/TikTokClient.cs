using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;

namespace AudienceRelay.Providers.TikTok;

/// <summary>
/// TikTok Business API v1.3 calls for one instance: the <c>Access-Token</c> header, paths under the configured BaseUrl
/// only (TikTok pages by number, so no link from an answer is ever followed), and classification of the body's
/// <c>code</c> (TikTok answers HTTP 200 for errors too; providers.md §2.2).
/// </summary>
internal sealed class TikTokClient(TikTokSettings settings, HttpClient http, TimeProvider time)
{
    private readonly string _root = settings.BaseUrl.ToString().TrimEnd('/') + "/open_api/v1.3/";
    private readonly string _token = settings.AccessToken;

    /// <summary>One call; code 0 and 20001 (partial success) return the data, any other code its outcome.</summary>
    public async Task<(T? Data, int Code, DeliveryOutcome? Problem)> SendAsync<T>(
        HttpMethod method, string path, byte[]? body, JsonTypeInfo<TikTokEnvelope<T>> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, _root + path);
        request.Headers.Add("Access-Token", _token);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // A non-2xx answer comes from TikTok's gateway: the request never reached the API.
                return (default, -1, HttpOutcomes.FromStatus(response, $"TikTok gateway refused {path}", time));
            }

            TikTokEnvelope<T>? envelope;
            try
            {
                envelope = await response.Content.ReadFromJsonAsync(type, cancellationToken);
            }
            catch (JsonException)
            {
                return (default, -1, new DeliveryOutcome.Retry($"TikTok answered {path} with a body that is not its JSON envelope"));
            }

            return envelope switch
            {
                null => (default, -1, new DeliveryOutcome.Retry($"TikTok answered {path} with an empty body")),
                { Code: TikTokCodes.Ok or TikTokCodes.PartialSuccess } => (envelope.Data, envelope.Code, null),
                _ => (default, envelope.Code, TikTokCodes.Classify(envelope.Code, envelope.Message)),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (default, -1, HttpOutcomes.Transport(ex));
        }
    }
}

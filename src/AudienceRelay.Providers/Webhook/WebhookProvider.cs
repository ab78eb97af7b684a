using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Webhook;

/// <summary>
/// Delivers to the operator's own endpoint. Each request carries
/// <c>X-AudienceRelay-Timestamp</c> (unix seconds) and
/// <c>X-AudienceRelay-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))</c>, so the
/// receiver can check origin and freshness, and <c>Idempotency-Key</c> so it can drop a resend.
/// </summary>
internal sealed class WebhookProvider(WebhookSettings settings, HttpClient http, TimeProvider time, ILogger<WebhookProvider> logger) : IAudienceProvider
{
    private readonly Uri _url = settings.Url;
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(settings.Secret);

    public string Instance => settings.Instance;

    public string Type => "webhook";

    public ProviderLimits Limits => settings.Limits;

    // A webhook has no audience object to find: the final name is the id.
    public Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(AudienceResolution.Found(request.AudienceName));

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var users = work.Keys.Where(k => k.IsUsable).Select(ToUser).ToList();
        var chunks = users.Chunk(Limits.MaxUsersPerRequest).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var payload = new WebhookPayload(
                new WebhookAudience(work.AudienceName, work.Type == AudienceType.Primary ? "primary" : "custom"),
                new WebhookBatch(work.Batch.SessionId, work.Batch.Sequence, work.Batch.TotalBatches, work.Batch.TotalUsers, i + 1, chunks.Count),
                chunks[i]);
            var outcome = await SendAsync(payload, $"{work.Batch.SessionId}-{work.Batch.Sequence}-{i + 1}", cancellationToken);
            if (outcome is not null)
            {
                WebhookLog.NotAccepted(logger, Instance, work.Batch.SessionId, work.Batch.Sequence, i + 1, outcome.GetType().Name);
                return outcome;
            }
        }

        WebhookLog.Delivered(logger, Instance, work.Batch.SessionId, work.Batch.Sequence, users.Count, chunks.Count);
        return new DeliveryOutcome.Succeeded(DeliveryCounts.Of(users.Count, work.Keys.Count - users.Count));
    }

    private async Task<DeliveryOutcome?> SendAsync(WebhookPayload payload, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, WebhookJsonContext.Default.WebhookPayload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-AudienceRelay-Timestamp", timestamp);
        request.Headers.Add("X-AudienceRelay-Signature", "sha256=" + Sign(timestamp, body));
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? null
                : HttpOutcomes.FromStatus(response, "the webhook refused the batch", time);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HttpOutcomes.Transport(ex);
        }
    }

    private string Sign(string timestamp, byte[] body)
    {
        var message = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, message);
        message[timestamp.Length] = (byte)'.';
        body.CopyTo(message, timestamp.Length + 1);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_secret, message));
    }

    private static WebhookUser ToUser(MatchKeys keys) => new()
    {
        EdgeTagId = keys.EdgeTagId,
        Email = keys.Email,
        Phone = keys.PhoneE164,
        FirstName = keys.FirstName,
        LastName = keys.LastName,
        Country = keys.CountryCode,
        PostalCode = keys.PostalCode,
        Purchase = keys.Purchase is { } p ? new WebhookPurchase(p.Currency, p.Profit, p.Total7Days) : null,
    };
}

using System.Net.Http.Headers;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Sessions;

/// <summary>
/// The exact JSON of <c>GET /audience/sessions/{id}</c> and of a <c>sync=true</c> answer's results, text for text:
/// property names and their order, nulls written out, enum words, timestamps. Clients parse these answers, so a
/// change here is a change of the API. The clock is fake and nothing moves it, so every time in the answer is known.
/// </summary>
public sealed class SessionStatusJsonTests : IAsyncLifetime
{
    private const string Key = "status-json-key-5d1f";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _fine = null!;
    private WebhookReceiver _throttled = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _fine = await WebhookReceiver.StartAsync();
        _throttled = await WebhookReceiver.StartAsync();
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = Key,
            ["Auth:KeyNames:0"] = "status-operator",
            ["Providers:fine:Type"] = "webhook",
            ["Providers:fine:Url"] = _fine.Url.ToString(),
            ["Providers:fine:Secret"] = WebhookReceiver.Secret,
            ["Providers:throttled:Type"] = "webhook",
            ["Providers:throttled:Url"] = _throttled.Url.ToString(),
            ["Providers:throttled:Secret"] = WebhookReceiver.Secret,
        }, _time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _throttled.DisposeAsync();
        await _fine.DisposeAsync();
    }

    [Fact]
    public async Task A_session_with_a_delivered_and_a_throttled_delivery_reads_exactly_so()
    {
        _throttled.Answer(429, retryAfter: "120");
        await UploadAsync(90, sequence: 1, totalBatches: 2);
        await Waiting.ForSessionAsync(_server, 90, s => Waiting.Deliveries(s).Count(d => d.State == DeliveryState.Succeeded || (d.State == DeliveryState.Pending && d.LastError is not null)) == 2);

        Assert.Equal(
            Joined("""
            {"sessionId":90,"name":"Pinned","audienceName":"blotout_Pinned","type":"custom","totalBatches":2,"totalUsers":2,"batchesReceived":1,"sequenceBase":null,"complete":false,"createdAt":"2026-03-02T10:00:00+00:00","batches":[
            {"batchId":1,"sequence":1,"users":1,"skipped":1,"skippedReasons":{"noIdentifier":1},"receivedAt":"2026-03-02T10:00:00+00:00","payloadPurged":false,"deliveries":[
            {"deliveryId":1,"batchId":1,"instance":"fine","state":"succeeded","attempts":1,"nextAttemptAt":null,"lastError":null,"usersSent":1,"usersSkipped":0,"skippedReasons":{},"platformCounts":{},"audienceId":"blotout_Pinned","updatedAt":"2026-03-02T10:00:00+00:00","waitingForSession":false},
            {"deliveryId":2,"batchId":1,"instance":"throttled","state":"pending","attempts":0,"nextAttemptAt":"2026-03-02T10:02:00+00:00","lastError":"HTTP 429: the webhook refused the batch","usersSent":null,"usersSkipped":null,"skippedReasons":null,"platformCounts":null,"audienceId":"blotout_Pinned","updatedAt":"2026-03-02T10:00:00+00:00","waitingForSession":false}]}]
            ,"actions":[]}
            """),
            await GetAsync("/audience/sessions/90"));
    }

    [Fact]
    public async Task A_cancelled_session_reads_exactly_so_with_the_operators_action()
    {
        _throttled.Answer(429, retryAfter: "120");
        await UploadAsync(91, sequence: 1, totalBatches: 1);
        await Waiting.ForSessionAsync(_server, 91, s => Waiting.Deliveries(s).Count(d => d.State == DeliveryState.Succeeded || (d.State == DeliveryState.Pending && d.LastError is not null)) == 2);
        using (var cancel = new HttpRequestMessage(HttpMethod.Post, "/ops/api/sessions/91/cancel"))
        {
            cancel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            using var answer = await _server.Http.SendAsync(cancel);
            Assert.Equal(200, (int)answer.StatusCode);
        }

        Assert.Equal(
            Joined("""
            {"sessionId":91,"name":"Pinned","audienceName":"blotout_Pinned","type":"custom","totalBatches":1,"totalUsers":2,"batchesReceived":1,"sequenceBase":1,"complete":true,"createdAt":"2026-03-02T10:00:00+00:00","batches":[
            {"batchId":1,"sequence":1,"users":1,"skipped":1,"skippedReasons":{"noIdentifier":1},"receivedAt":"2026-03-02T10:00:00+00:00","payloadPurged":true,"deliveries":[
            {"deliveryId":1,"batchId":1,"instance":"fine","state":"succeeded","attempts":1,"nextAttemptAt":null,"lastError":null,"usersSent":1,"usersSkipped":0,"skippedReasons":{},"platformCounts":{},"audienceId":"blotout_Pinned","updatedAt":"2026-03-02T10:00:00+00:00","waitingForSession":false},
            {"deliveryId":2,"batchId":1,"instance":"throttled","state":"failed","attempts":0,"nextAttemptAt":null,"lastError":"cancelled by an operator (key status-operator)","usersSent":null,"usersSkipped":null,"skippedReasons":null,"platformCounts":null,"audienceId":"blotout_Pinned","updatedAt":"2026-03-02T10:00:00+00:00","waitingForSession":false}]}]
            ,"actions":[
            {"action":"cancel_session","at":"2026-03-02T10:00:00+00:00","keyName":"status-operator","deliveryId":null,"affected":1}]}
            """),
            await GetAsync("/audience/sessions/91"));
    }

    [Fact]
    public async Task A_sync_answer_lists_each_instance_exactly_so()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/audience?sync=true") { Content = Form(92, 0, 1) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(
            Joined("""
            {"success":true,"sessionId":92,"sequence":0,"accepted":1,"skipped":1,"skippedReasons":{"noIdentifier":1},"duplicate":false
            ,"results":[
            {"instance":"fine","state":"succeeded","audienceId":"blotout_Pinned","usersSent":1,"usersSkipped":0,"platformCounts":{},"attempts":1},
            {"instance":"throttled","state":"succeeded","audienceId":"blotout_Pinned","usersSent":1,"usersSkipped":0,"platformCounts":{},"attempts":1}]}
            """),
            await response.Content.ReadAsStringAsync());
    }

    /// <summary>The expected text, written one object to a line for reading; the answer itself has no line breaks.</summary>
    private static string Joined(string lines) => lines.ReplaceLineEndings(string.Empty);

    private static MultipartFormDataContent Form(long sessionId, long sequence, int totalBatches) =>
        Upload.Form("Pinned", "custom", Upload.Batch(sessionId, sequence, totalBatches, 2), """[{"email":"pinned@example.com"},{"firstName":"nobody"}]""");

    private async Task UploadAsync(long sessionId, long sequence, int totalBatches)
    {
        var (status, _, _) = await Upload.PostAsync(_server.Http, Form(sessionId, sequence, totalBatches), apiKey: Key);
        Assert.Equal(200, status);
    }

    private async Task<string> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

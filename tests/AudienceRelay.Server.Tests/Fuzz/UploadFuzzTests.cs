using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace AudienceRelay.Server.Tests.Fuzz;

/// <summary>
/// Hostile input through the real server over real HTTP, for a bounded time (<c>AUDIENCE_FUZZ_SECONDS</c>,
/// 20 s by default; CI sets more). Every answer is a 2xx, a 4xx in the API's problem shape, or a 503 that says
/// when to come back; none takes longer than the request timeout. A failure prints CsCheck's seed: rerun it
/// with <c>AUDIENCE_FUZZ_SEED</c> to reproduce, and keep it as a regression case below.
/// </summary>
public sealed class UploadFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private WebhookReceiver _receiver = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = _receiver.Url.ToString(),
            ["Providers:hook:Secret"] = WebhookReceiver.Secret,
            ["Ingress:MaxBodyBytes"] = "4194304",
        });
        _server.Http.Timeout = RequestTimeout;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Every_hostile_upload_gets_an_answer_in_the_apis_shape_and_never_a_server_error()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("AUDIENCE_FUZZ_SECONDS"), out var s) ? s : 20;
        var count = 0;
        var statuses = new Dictionary<int, int>();
        await HostileUploads.Upload.SampleAsync(
            async upload =>
            {
                var status = await PostAndCheckAsync(upload.Body);
                lock (statuses)
                {
                    count++;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
            },
            writeLine: output.WriteLine,
            seed: Environment.GetEnvironmentVariable("AUDIENCE_FUZZ_SEED"),
            time: seconds,
            threads: 2);
        output.WriteLine($"{count} uploads: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));
        Assert.True(count > 0, "the fuzzer sent nothing");
    }

    /// <summary>Inputs that once broke the server, kept as fixed cases.</summary>
    [Theory]
    [InlineData("{\"email\":\"a\\ud800@example.com\"}")]
    [InlineData("{\"email\":\"ann@example.com\",\"purchase\":{\"currency\":\"\\udc00\"}}")]
    [InlineData("{\"email\":\"nul\\u0000@example.com\"}")]
    public async Task Known_hostile_users_get_an_answer_in_the_apis_shape(string user)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(
            $"--{HostileUploads.Boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nfuzz\r\n" +
            $"--{HostileUploads.Boundary}\r\nContent-Disposition: form-data; name=\"batch\"\r\n\r\n{{\"sessionId\":{Random.Shared.NextInt64(1, long.MaxValue)},\"sequence\":1,\"totalBatches\":1,\"totalUsers\":1}}\r\n" +
            $"--{HostileUploads.Boundary}\r\nContent-Disposition: form-data; name=\"users\"\r\n\r\n[{user}]\r\n--{HostileUploads.Boundary}--\r\n");

        var status = await PostAndCheckAsync(body);

        Assert.InRange(status, 200, 499);
    }

    private async Task<int> PostAndCheckAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={HostileUploads.Boundary}");
        using var response = await _server.Http.PostAsync("/audience", content);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 200 and < 500 || (status == 503 && response.Headers.RetryAfter is not null), $"status {status}: {text}");
        Assert.False(string.IsNullOrEmpty(text), $"status {status} with an empty body");
        using var answer = JsonDocument.Parse(text);
        var success = answer.RootElement.GetProperty("success").GetBoolean();
        Assert.Equal(status is >= 200 and < 300, success);
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotEqual(0, answer.RootElement.GetProperty("errors").GetArrayLength());
        }

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return status;
    }
}

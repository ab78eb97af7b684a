using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.TikTok;

namespace AudienceRelay.Emulators.Tests.TikTok;

/// <summary>The TikTok emulator (beside Klaviyo's, as the sandbox runs them) on a real loopback port, called over HTTP with raw JSON.</summary>
internal sealed class TikTokTestEnvironment : IAsyncDisposable
{
    public const string Advertiser = "7000000000000000001";
    public const string Token = "token-of-advertiser-1";
    public const string OtherAdvertiser = "7000000000000000002";
    public const string OtherToken = "token-of-advertiser-2";

    private TikTokTestEnvironment(EmulatorHost host, TikTokEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
        Http = new HttpClient { BaseAddress = new Uri(host.UrlFor("tiktok") + "/open_api/v1.3/") };
    }

    public EmulatorHost Host { get; }

    public TikTokEmulator Emulator { get; }

    public HttpClient Http { get; }

    public static async Task<TikTokTestEnvironment> StartAsync(TikTokEmulatorOptions? options = null)
    {
        var emulator = new TikTokEmulator(options);
        emulator.AddAdvertiser(Advertiser, Token);
        emulator.AddAdvertiser(OtherAdvertiser, OtherToken);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator, new KlaviyoEmulator()]);
        return new TikTokTestEnvironment(host, emulator);
    }

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A 32-hex-character digest, the shape TikTok wants for *_MD5 ids (only the shape is checked).</summary>
    public static string Md5Shaped(string value) => Sha256(value)[..32];

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? token = Token)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Add("Access-Token", token);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Sends and reads TikTok's envelope, asserting the HTTP 200 every answer that reaches the API carries.</summary>
    public async Task<JsonElement> CallAsync(HttpMethod method, string path, string? json = null, string? token = Token)
    {
        using var response = await SendAsync(method, path, json, token);
        Assert.Equal(200, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement.Clone();
        Assert.False(string.IsNullOrEmpty(root.GetProperty("request_id").GetString()));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("data").ValueKind);
        return root;
    }

    public Task<JsonElement> PostAsync(string path, string json, string? token = Token) => CallAsync(HttpMethod.Post, path, json, token);

    public Task<JsonElement> GetAsync(string path, string? token = Token) => CallAsync(HttpMethod.Get, path, null, token);

    public async Task<string> CreateAudienceAsync(string name, string advertiser = Advertiser, string token = Token)
    {
        var body = await PostAsync("segment/audience/", $$"""{"custom_audience_name":"{{name}}","advertiser_id":"{{advertiser}}","action":"create"}""", token);
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        return body.GetProperty("data").GetProperty("audience_id").GetString()!;
    }

    /// <summary>A mapping body with one EMAIL_SHA256 column holding <paramref name="emailHashes"/>, all for one audience.</summary>
    public static string EmailMapping(string action, string audienceId, params string[] emailHashes) =>
        $$"""{"advertiser_ids":["{{Advertiser}}"],"action":"{{action}}","id_schema":["EMAIL_SHA256"],"batch_data":[{{string.Join(",", emailHashes.Select(h => $$"""[{"id":"{{h}}","audience_ids":["{{audienceId}}"]}]"""))}}]}""";

    public static int Code(JsonElement envelope) => envelope.GetProperty("code").GetInt32();

    public static string Message(JsonElement envelope) => envelope.GetProperty("message").GetString()!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

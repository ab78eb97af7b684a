using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Meta;

namespace AudienceRelay.Emulators.Tests.Meta;

/// <summary>One emulator on a real loopback port with an HttpClient pointed at <c>{BaseUrl}/v25.0/</c>.</summary>
internal sealed class MetaTestEnvironment : IAsyncDisposable
{
    public const string AccountId = "1234567890";
    public const string Token = "test-token-1";

    private MetaTestEnvironment(EmulatorHost host, MetaEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
        Http = new HttpClient { BaseAddress = new Uri(host.UrlFor("meta") + "/v25.0/") };
    }

    public EmulatorHost Host { get; }
    public MetaEmulator Emulator { get; }
    public HttpClient Http { get; }

    public static async Task<MetaTestEnvironment> StartAsync(MetaEmulatorOptions? options = null)
    {
        var emulator = new MetaEmulator(options);
        emulator.AddAdAccount(AccountId, Token);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new MetaTestEnvironment(host, emulator);
    }

    public static string Sha(string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] fields) =>
        Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    public Task<HttpResponseMessage> DeleteJsonAsync(string path, string json) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>Creates an audience over HTTP and returns its id.</summary>
    public async Task<string> CreateAudienceAsync(string name)
    {
        using var response = await PostFormAsync(
            $"act_{AccountId}/customaudiences?access_token={Token}",
            ("name", name), ("subtype", "CUSTOM"), ("customer_file_source", "USER_PROVIDED_ONLY"));
        using var body = await ReadAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>POSTs a JSON <c>{payload, session?}</c> body to an audience edge.</summary>
    public Task<HttpResponseMessage> UploadAsync(string audienceId, string edge, string payload, string? session = null) =>
        PostJsonAsync(
            $"{audienceId}/{edge}?access_token={Token}",
            session is null ? $$"""{"payload":{{payload}}}""" : $$"""{"payload":{{payload}},"session":{{session}}}""");

    public static string EmailPayload(params string[] emails) =>
        $$"""{"schema":["EMAIL"],"data":[{{string.Join(',', emails.Select(e => $"[\"{Sha(e)}\"]"))}}]}""";

    public static string Session(long id, int batchSeq, bool last) =>
        $$"""{"session_id":{{id}},"batch_seq":{{batchSeq}},"last_batch_flag":{{(last ? "true" : "false")}}}""";

    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>Asserts a Meta error envelope with HTTP 400 and returns its <c>error</c> object (cloned).</summary>
    public static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response, int expectedCode, int? expectedSubcode = null)
    {
        using var body = await ReadAsync(response);
        Assert.Equal(400, (int)response.StatusCode);
        var error = body.RootElement.GetProperty("error").Clone();
        Assert.Equal(expectedCode, error.GetProperty("code").GetInt32());
        if (expectedSubcode is { } subcode)
        {
            Assert.Equal(subcode, error.GetProperty("error_subcode").GetInt32());
        }

        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error;
    }

    public HttpRequestMessage WithBearer(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Snapchat;

namespace AudienceRelay.Emulators.Tests.Snapchat;

/// <summary>The Snapchat emulator on a real loopback port, called over HTTP with raw form and JSON bodies.</summary>
internal sealed class SnapchatTestEnvironment : IAsyncDisposable
{
    public const string Account = "0d9b6c2a-1111-4c3d-8e9f-000000000001";
    public const string OtherAccount = "0d9b6c2a-2222-4c3d-8e9f-000000000002";
    public const string ClientId = "client-1";
    public const string Secret = "secret-1";
    public const string Refresh = "refresh-1";

    private SnapchatTestEnvironment(EmulatorHost host, SnapchatEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
        Http = new HttpClient { BaseAddress = new Uri(host.UrlFor("snapchat") + "/") };
    }

    public EmulatorHost Host { get; }

    public SnapchatEmulator Emulator { get; }

    public HttpClient Http { get; }

    public static async Task<SnapchatTestEnvironment> StartAsync(SnapchatEmulatorOptions? options = null, TimeProvider? time = null)
    {
        var emulator = new SnapchatEmulator(options, time);
        emulator.AddAdAccount(Account, ClientId, Secret, Refresh);
        emulator.AddAdAccount(OtherAccount, "client-2", "secret-2", "refresh-2");
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new SnapchatTestEnvironment(host, emulator);
    }

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public Task<HttpResponseMessage> TokenAsync(string clientId = ClientId, string secret = Secret, string refresh = Refresh, string grant = "refresh_token") =>
        Http.PostAsync(SnapchatEmulator.TokenPath, new FormUrlEncodedContent(
        [
            new("grant_type", grant), new("client_id", clientId), new("client_secret", secret), new("refresh_token", refresh),
        ]));

    public async Task<string> AccessTokenAsync(string clientId = ClientId, string secret = Secret, string refresh = Refresh)
    {
        using var response = await TokenAsync(clientId, secret, refresh);
        Assert.Equal(200, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1800, body.RootElement.GetProperty("expires_in").GetInt32());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> CallAsync(HttpMethod method, string path, string? json, string? token, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return ((int)response.StatusCode, document.RootElement.Clone(), response);
    }

    public async Task<string> CreateSegmentAsync(string token, string name, string account = Account)
    {
        var (status, body, _) = await CallAsync(HttpMethod.Post, $"v1/adaccounts/{account}/segments", Segment(name, account), token);
        Assert.Equal(200, status);
        return body.GetProperty("segments")[0].GetProperty("segment").GetProperty("id").GetString()!;
    }

    public static string Segment(string name, string account = Account, string retention = "9999", string source = "FIRST_PARTY") =>
        $$"""{"segments":[{"name":"{{name}}","description":"d","source_type":"{{source}}","retention_in_days":{{retention}},"ad_account_id":"{{account}}"}]}""";

    public static string Users(string schema, params string[] ids) =>
        $$"""{"users":[{"schema":["{{schema}}"],"data":[{{string.Join(",", ids.Select(i => $"[\"{i}\"]"))}}]}]}""";

    public static string Debug(JsonElement body) => body.GetProperty("debug_message").GetString()!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

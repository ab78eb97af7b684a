using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Pinterest;

namespace AudienceRelay.Emulators.Tests.Pinterest;

/// <summary>The Pinterest emulator on a real loopback port, called over HTTP with raw JSON.</summary>
internal sealed class PinterestTestEnvironment : IAsyncDisposable
{
    public const string Account = "549755000001";
    public const string OtherAccount = "549755000002";
    public const string Token = "pina_test_token";
    public const string OtherToken = "pina_other_token";

    private PinterestTestEnvironment(EmulatorHost host, PinterestEmulator emulator)
    {
        Host = host;
        Emulator = emulator;
        Http = new HttpClient { BaseAddress = new Uri(host.UrlFor("pinterest") + "/") };
    }

    public EmulatorHost Host { get; }

    public PinterestEmulator Emulator { get; }

    public HttpClient Http { get; }

    public static async Task<PinterestTestEnvironment> StartAsync(PinterestEmulatorOptions? options = null)
    {
        var emulator = new PinterestEmulator(options);
        emulator.AddAdAccount(Account, Token);
        emulator.AddAdAccount(OtherAccount, OtherToken);
        emulator.AddApp(Account, "app-1", "app-secret", "pinr_refresh");
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new PinterestTestEnvironment(host, emulator);
    }

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> CallAsync(HttpMethod method, string path, string? json = null, string? token = Token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
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

    public async Task<string> CreateListAsync(string name, string records = "")
    {
        var (status, body, _) = await CallAsync(HttpMethod.Post, $"v5/ad_accounts/{Account}/customer_lists", $$"""{"name":"{{name}}","records":"{{records}}","list_type":"EMAIL"}""");
        Assert.Equal(200, status);
        return body.GetProperty("id").GetString()!;
    }

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> UpdateAsync(string listId, string operation, string records) =>
        CallAsync(HttpMethod.Patch, $"v5/ad_accounts/{Account}/customer_lists/{listId}", $$"""{"operation_type":"{{operation}}","records":"{{records}}"}""");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

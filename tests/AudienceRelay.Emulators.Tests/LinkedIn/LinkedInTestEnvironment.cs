using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.LinkedIn;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Emulators.Tests.LinkedIn;

/// <summary>The LinkedIn emulator on a real loopback port on a fake clock, called over HTTP with raw JSON and raw headers.</summary>
internal sealed class LinkedInTestEnvironment : IAsyncDisposable
{
    public const string Account = "510000077";
    public const string Token = "li-token-77";
    public const string OtherAccount = "510000088";
    public const string OtherToken = "li-token-88";
    public const string Version = "202607";

    private LinkedInTestEnvironment(EmulatorHost host, LinkedInEmulator emulator, FakeTimeProvider clock)
    {
        Host = host;
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = new Uri(host.UrlFor("linkedin") + "/") };
    }

    public EmulatorHost Host { get; }

    public LinkedInEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static async Task<LinkedInTestEnvironment> StartAsync(LinkedInEmulatorOptions? options = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var emulator = new LinkedInEmulator(options, clock);
        emulator.AddAccount(Account, Token);
        emulator.AddAccount(OtherAccount, OtherToken);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new LinkedInTestEnvironment(host, emulator, clock);
    }

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A request with every header LinkedIn requires unless a test leaves one out (null).</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? json = null, string? token = Token, string? version = Version, string? protocol = "2.0.0", string? restliMethod = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        foreach (var (name, value) in new[] { ("LinkedIn-Version", version), ("X-Restli-Protocol-Version", protocol), ("X-RestLi-Method", restliMethod) })
        {
            if (value is not null)
            {
                request.Headers.Add(name, value);
            }
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response);
    }

    /// <summary>Creates a USER segment and moves the clock past the readiness delay.</summary>
    public async Task<string> CreateSegmentAsync(string name, string account = Account, string token = Token, bool ready = true)
    {
        var (status, _, response) = await SendAsync(HttpMethod.Post, "rest/dmpSegments", SegmentBody(name, account), token);
        Assert.Equal(201, status);
        var id = response.Headers.GetValues("x-linkedin-id").Single();
        Assert.Equal(id, response.Headers.GetValues("x-restli-id").Single());
        if (ready)
        {
            Clock.Advance(Emulator.Options.ReadinessDelay);
        }

        return id;
    }

    public static string SegmentBody(string name, string account = Account, string type = "USER") =>
        $$"""{"name":"{{name}}","sourcePlatform":"TESTS","sourceSegmentId":"{{name}}","account":"urn:li:sponsoredAccount:{{account}}","accessPolicy":"PRIVATE","type":"{{type}}","destinations":[{"destination":"LINKEDIN"}]}""";

    public static string Users(string action, params string[] hashes) =>
        $$"""{"elements":[{{string.Join(",", hashes.Select(h => $$"""{"action":"{{action}}","userIds":[{"idType":"SHA256_EMAIL","idValue":"{{h}}"}]}"""))}}]}""";

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostUsersAsync(string segmentId, string json, string? token = Token, string? restliMethod = "BATCH_CREATE") =>
        SendAsync(HttpMethod.Post, $"rest/dmpSegments/{segmentId}/users", json, token, restliMethod: restliMethod);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

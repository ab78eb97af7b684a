using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Google;
using AudienceRelay.Emulators.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Emulators.Tests.Google;

/// <summary>The Google Ads emulator on a real loopback port, on a fake clock, called over HTTP with raw JSON.</summary>
internal sealed class GoogleTestEnvironment : IAsyncDisposable
{
    public const string Customer = "1234567890";
    public const string ClientCustomer = "2223334444";
    public const string Manager = "5556667777";

    private GoogleTestEnvironment(EmulatorHost host, GoogleEmulator emulator, FakeTimeProvider time)
    {
        Host = host;
        Emulator = emulator;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(host.UrlFor("google") + "/") };
    }

    public EmulatorHost Host { get; }

    public GoogleEmulator Emulator { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<GoogleTestEnvironment> StartAsync(GoogleEmulatorOptions? options = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var emulator = new GoogleEmulator(options ?? new GoogleEmulatorOptions { JobDuration = TimeSpan.FromSeconds(5) }, time);
        emulator.AddCustomer(ClientCustomer, Manager);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [emulator]);
        return new GoogleTestEnvironment(host, emulator, time);
    }

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public async Task<HttpResponseMessage> TokenAsync(string? secret = null, string? refreshToken = null)
    {
        var options = Emulator.Options;
        return await Http.PostAsync(new Uri("token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = options.SandboxClientId,
            ["client_secret"] = secret ?? options.SandboxClientSecret,
            ["refresh_token"] = refreshToken ?? options.SandboxRefreshToken,
        }));
    }

    public async Task<string> AccessTokenAsync()
    {
        using var response = await TokenAsync();
        Assert.True(response.IsSuccessStatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>POST {version}/customers/{customer}/{path} with the sandbox developer token; headers can be left out or changed.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(
        string path, string json, string? token, string customer = Customer, string? developerToken = "", string? loginCustomerId = null, string version = "v26")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{version}/customers/{customer}/{path}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (developerToken is not null)
        {
            request.Headers.Add("developer-token", developerToken.Length == 0 ? Emulator.Options.SandboxDeveloperToken : developerToken);
        }

        if (loginCustomerId is not null)
        {
            request.Headers.Add("login-customer-id", loginCustomerId);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Creates a CONTACT_INFO list and returns its id.</summary>
    public async Task<string> CreateListAsync(string token, string name)
    {
        var body = JsonSerializer.Serialize(new { operations = new[] { new { create = new { name, membershipLifeSpan = "540", crmBasedUserList = new { uploadKeyType = "CONTACT_INFO", dataSourceType = "FIRST_PARTY" } } } } });
        var (status, answer) = await PostAsync("userLists:mutate", body, token);
        Assert.Equal(200, status);
        var resource = answer.GetProperty("results")[0].GetProperty("resourceName").GetString()!;
        return resource[(resource.LastIndexOf('/') + 1)..];
    }

    /// <summary>Creates a job for the list and returns its id.</summary>
    public async Task<string> CreateJobAsync(string token, string listId)
    {
        var body = JsonSerializer.Serialize(new { job = new { type = "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata = new { userList = $"customers/{Customer}/userLists/{listId}", consent = new { adUserData = "GRANTED", adPersonalization = "GRANTED" } } } });
        var (status, answer) = await PostAsync("offlineUserDataJobs:create", body, token);
        Assert.Equal(200, status);
        var resource = answer.GetProperty("resourceName").GetString()!;
        return resource[(resource.LastIndexOf('/') + 1)..];
    }

    public Task<(int Status, JsonElement Body)> AddAsync(string token, string job, object[] operations, bool partial = true) =>
        PostAsync($"offlineUserDataJobs/{job}:addOperations", JsonSerializer.Serialize(new { enablePartialFailure = partial, operations }), token);

    public Task<(int Status, JsonElement Body)> RunAsync(string token, string job) => PostAsync($"offlineUserDataJobs/{job}:run", "{}", token);

    public static object Create(params object[] identifiers) => new { create = new { userIdentifiers = identifiers } };

    public static string ErrorCode(JsonElement body) =>
        body.GetProperty("error").GetProperty("details")[0].GetProperty("errors")[0].GetProperty("errorCode").EnumerateObject().Single().Value.GetString()!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

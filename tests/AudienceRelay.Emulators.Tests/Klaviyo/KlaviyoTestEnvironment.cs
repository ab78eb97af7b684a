using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.TikTok;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

/// <summary>The Klaviyo emulator (beside TikTok's, as the sandbox runs them) on a real loopback port, called over HTTP with raw JSON.</summary>
internal sealed class KlaviyoTestEnvironment : IAsyncDisposable
{
    public const string Key = "pk_test_account_one";
    public const string Revision = "2025-01-15";

    private KlaviyoTestEnvironment(EmulatorHost host, KlaviyoEmulator emulator, FakeTimeProvider time)
    {
        Host = host;
        Emulator = emulator;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(host.UrlFor("klaviyo") + "/api/") };
    }

    public EmulatorHost Host { get; }

    public KlaviyoEmulator Emulator { get; }

    /// <summary>The emulator's clock; it starts on a date after <see cref="Revision"/>, which must not be in the future.</summary>
    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<KlaviyoTestEnvironment> StartAsync(KlaviyoEmulatorOptions? options = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        var emulator = new KlaviyoEmulator(options, time);
        emulator.AddAccount(Key);
        var host = await EmulatorHost.StartAsync("http://127.0.0.1:0", [new TikTokEmulator(), emulator]);
        return new KlaviyoTestEnvironment(host, emulator, time);
    }

    public async Task<KlaviyoReply> SendAsync(HttpMethod method, string path, string? json = null, string? apiKey = Key, string? revision = Revision, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Klaviyo-API-Key {apiKey}");
        }

        if (revision is not null)
        {
            request.Headers.Add("revision", revision);
        }

        request.Headers.Add("Accept", "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new KlaviyoReply(response.StatusCode, response.Headers, body);
    }

    public Task<KlaviyoReply> GetAsync(string path, string? apiKey = Key) => SendAsync(HttpMethod.Get, path, apiKey: apiKey);

    public Task<KlaviyoReply> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public async Task<string> CreateListAsync(string name)
    {
        var reply = await PostAsync("lists", "{\"data\":{\"type\":\"list\",\"attributes\":{\"name\":" + JsonSerializer.Serialize(name) + "}}}");
        Assert.Equal(201, (int)reply.Status);
        return reply.Data.GetProperty("id").GetString()!;
    }

    /// <summary>A profile resource; null attributes are left out.</summary>
    public static string Profile(string? email = null, string? phone = null, string? externalId = null, string? firstName = null, string extra = "")
    {
        var attributes = new Dictionary<string, string?> { ["email"] = email, ["phone_number"] = phone, ["external_id"] = externalId, ["first_name"] = firstName }
            .Where(p => p.Value is not null)
            .Select(p => $"\"{p.Key}\":{JsonSerializer.Serialize(p.Value)}")
            .Append(extra)
            .Where(s => s.Length > 0);
        return "{\"type\":\"profile\",\"attributes\":{" + string.Join(",", attributes) + "}}";
    }

    public static string ImportBody(string? listId, params string[] profiles)
    {
        var lists = listId is null ? string.Empty : $$$""","relationships":{"lists":{"data":[{"type":"list","id":"{{{listId}}}"}]}}""";
        return $$$"""{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[{{{string.Join(",", profiles)}}}]}}{{{lists}}}}}""";
    }

    public async Task<string> StartImportAsync(string? listId, params string[] profiles)
    {
        var reply = await PostAsync("profile-bulk-import-jobs", ImportBody(listId, profiles));
        Assert.Equal(202, (int)reply.Status);
        return reply.Data.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the job until it reports complete (bounded), and returns its last attributes.</summary>
    public async Task<JsonElement> PollUntilCompleteAsync(string jobId)
    {
        for (var poll = 0; poll < 10; poll++)
        {
            var reply = await GetAsync($"profile-bulk-import-jobs/{jobId}");
            Assert.Equal(200, (int)reply.Status);
            var attributes = reply.Data.GetProperty("attributes");
            if (attributes.GetProperty("status").GetString() == "complete")
            {
                return attributes;
            }
        }

        throw new Xunit.Sdk.XunitException("The job did not complete within 10 polls.");
    }

    /// <summary>Imports into the list and polls the job to completion; returns the job id.</summary>
    public async Task<string> ImportAsync(string listId, params string[] profiles)
    {
        var jobId = await StartImportAsync(listId, profiles);
        await PollUntilCompleteAsync(jobId);
        return jobId;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

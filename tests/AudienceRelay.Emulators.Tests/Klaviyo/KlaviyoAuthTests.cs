using System.Net;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

public sealed class KlaviyoAuthTests
{
    [Fact]
    public async Task Missing_authorization_is_401_not_authenticated_with_a_json_api_error()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.GetAsync("lists", apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("not_authenticated", reply.ErrorCode);
        Assert.Equal(401, reply.Error.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(reply.Error.GetProperty("id").GetString()));
        Assert.False(string.IsNullOrEmpty(reply.Error.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(reply.Error.GetProperty("detail").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, reply.Error.GetProperty("source").ValueKind);
    }

    [Theory]
    [InlineData("Klaviyo-API-Key pk_unknown")]
    [InlineData("Bearer pk_test_account_one")]
    [InlineData("pk_test_account_one")]
    public async Task Unknown_key_or_wrong_scheme_is_401(string authorization)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "lists");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.Add("revision", KlaviyoTestEnvironment.Revision);

        using var response = await env.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"code\":\"authentication_failed\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_account_answers_with_its_default_key()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.GetAsync("lists", apiKey: env.Emulator.Options.SandboxApiKey);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Accounts_do_not_see_each_others_lists()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        var id = await env.CreateListAsync("mine");

        var other = await env.GetAsync($"lists/{id}", apiKey: env.Emulator.Options.SandboxApiKey);

        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Empty(env.Emulator.Lists());
        Assert.Single(env.Emulator.Lists(KlaviyoTestEnvironment.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("2024-13-45")]
    [InlineData("15-01-2025")]
    [InlineData("2099-01-01")]
    public async Task Missing_or_invalid_revision_is_400_naming_the_revision_header(string? revision)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.SendAsync(HttpMethod.Get, "lists", revision: revision);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("revision", reply.Error.GetProperty("source").GetProperty("parameter").GetString());
        Assert.Contains("revision", reply.Error.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-01-15")]
    [InlineData("2024-10-15.pre")]
    public async Task A_dated_revision_is_accepted(string revision)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.SendAsync(HttpMethod.Get, "lists", revision: revision);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Non_429_answers_carry_the_steady_rate_limit_headers()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync(new() { SteadyRateLimit = 50 });

        var first = await env.GetAsync("lists");
        var second = await env.GetAsync("lists");
        var error = await env.GetAsync("lists/nope");
        var unauthenticated = await env.GetAsync("lists", apiKey: null);

        Assert.Equal("50", first.Header("RateLimit-Limit"));
        Assert.Equal("49", first.Header("RateLimit-Remaining"));
        Assert.Equal("48", second.Header("RateLimit-Remaining"));
        Assert.InRange(int.Parse(first.Header("RateLimit-Reset")!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("47", error.Header("RateLimit-Remaining"));
        Assert.NotNull(unauthenticated.Header("RateLimit-Remaining"));
    }

    [Fact]
    public async Task The_steady_window_resets_each_minute()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync(new() { SteadyRateLimit = 50 });
        await env.GetAsync("lists");

        env.Time.Advance(TimeSpan.FromMinutes(1));
        var reply = await env.GetAsync("lists");

        Assert.Equal("49", reply.Header("RateLimit-Remaining"));
    }
}

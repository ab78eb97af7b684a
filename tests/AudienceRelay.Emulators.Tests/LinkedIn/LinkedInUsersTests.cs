using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.LinkedIn;

namespace AudienceRelay.Emulators.Tests.LinkedIn;

public sealed class LinkedInUsersTests
{
    private static readonly string Ann = LinkedInTestEnvironment.Sha256("ann@example.com");
    private static readonly string Bob = LinkedInTestEnvironment.Sha256("bob@example.com");

    [Fact]
    public async Task Add_then_remove_leaves_the_segment_holding_exactly_the_rest_with_one_status_per_element()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s");

        var add = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann, Bob));
        var remove = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("REMOVE", Bob));

        Assert.Equal(200, add.Status);
        Assert.Equal([201, 201], add.Body.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal(200, remove.Status);
        Assert.Equal([Ann], env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
    }

    [Fact]
    public async Task Names_and_country_are_kept_with_the_member()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s");

        await env.PostUsersAsync(segment, $$"""{"elements":[{"action":"ADD","userIds":[{"idType":"SHA256_EMAIL","idValue":"{{Ann}}"}],"firstName":"Ann","lastName":"Lee","country":"GB"}]}""");

        Assert.Equal(new LinkedInMemberView("SHA256_EMAIL", Ann, "Ann", "Lee", "GB"), Assert.Single(env.Emulator.Members(segment)));
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("short")]
    [InlineData("plain")]
    public async Task A_sha256_email_that_is_not_64_lower_case_hex_is_refused_and_not_stored(string kind)
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s");
        var value = kind switch { "upper" => Ann.ToUpperInvariant(), "short" => Ann[..63], _ => "ann@example.com" };

        var (status, body, _) = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", value, Bob));

        Assert.Equal(200, status);
        var statuses = body.GetProperty("elements").EnumerateArray().ToList();
        Assert.Equal(400, statuses[0].GetProperty("status").GetInt32());
        Assert.Contains("SHA256_EMAIL", statuses[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(201, statuses[1].GetProperty("status").GetInt32());
        Assert.Equal([Bob], env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
        Assert.Equal(1, Assert.Single(env.Emulator.Segments(LinkedInTestEnvironment.Account)).RejectedElements);
    }

    [Fact]
    public async Task Without_the_batch_create_method_header_nothing_is_added()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s");

        var (status, body, _) = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann), restliMethod: null);

        Assert.Equal(400, status);
        Assert.Contains("X-RestLi-Method", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Members(segment));
    }

    [Fact]
    public async Task More_than_the_maximum_elements_is_refused_whole()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync(new LinkedInEmulatorOptions { MaxElements = 2 });
        var segment = await env.CreateSegmentAsync("s");

        var (status, body, _) = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann, Bob, LinkedInTestEnvironment.Sha256("c@example.com")));

        Assert.Equal(400, status);
        Assert.Contains("exceeds the maximum of 2", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Members(segment));
    }

    [Fact]
    public async Task The_default_maximum_is_5000_elements()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s");
        var hashes = Enumerable.Range(0, 5_001).Select(i => LinkedInTestEnvironment.Sha256($"u{i}@example.com")).ToArray();

        var over = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", hashes));
        var at = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", hashes[..5_000]));

        Assert.Equal(400, over.Status);
        Assert.Equal(200, at.Status);
        Assert.Equal(5_000, env.Emulator.Members(segment).Count);
    }

    [Fact]
    public async Task A_new_segment_answers_404_until_its_readiness_delay_has_passed()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s", ready: false);

        var early = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann));
        var get = await env.SendAsync(HttpMethod.Get, $"rest/dmpSegments/{segment}");
        env.Clock.Advance(TimeSpan.FromSeconds(5));
        var later = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann));

        Assert.Equal(404, early.Status);
        Assert.Equal(200, get.Status);
        Assert.Equal(200, later.Status);
        Assert.Equal([Ann], env.Emulator.MemberIds(segment, "SHA256_EMAIL"));
    }

    [Fact]
    public async Task An_element_without_ids_needs_first_and_last_name()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s");

        var (_, body, _) = await env.PostUsersAsync(segment, """{"elements":[{"action":"ADD","firstName":"Ann"},{"action":"ADD","firstName":"Ann","lastName":"Lee"}]}""");

        Assert.Equal([400, 201], body.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Over_the_per_minute_limit_the_users_call_is_429_with_retry_after_until_the_minute_ends()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync(new LinkedInEmulatorOptions { UsersRequestsPerMinute = 1 });
        var segment = await env.CreateSegmentAsync("s");
        env.Clock.Advance(TimeSpan.FromSeconds(60 - env.Clock.GetUtcNow().ToUnixTimeSeconds() % 60)); // the start of a minute

        var first = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann));
        var second = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Bob));
        env.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Bob));

        Assert.Equal(200, first.Status);
        Assert.Equal(429, second.Status);
        Assert.Equal(TimeSpan.FromSeconds(60), second.Response.Headers.RetryAfter?.Delta);
        Assert.Equal(200, third.Status);
    }

    [Fact]
    public async Task Injected_faults_answer_in_linkedins_shapes()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var segment = await env.CreateSegmentAsync("s");
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, PathContains = "/users", RetryAfterSeconds = 7 });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, PathContains = "/users", StatusCode = 503 });
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, PathContains = "/users", StatusCode = 403, Code = 100, Message = "Not enough permissions" });

        var throttled = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann));
        var unavailable = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann));
        var denied = await env.PostUsersAsync(segment, LinkedInTestEnvironment.Users("ADD", Ann));

        Assert.Equal((429, 429), (throttled.Status, throttled.Body.GetProperty("status").GetInt32()));
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Response.Headers.RetryAfter?.Delta);
        Assert.Equal(503, unavailable.Status);
        Assert.Equal((403, 100, "Not enough permissions"), (denied.Status, denied.Body.GetProperty("serviceErrorCode").GetInt32(), denied.Body.GetProperty("message").GetString()));
        Assert.Empty(env.Emulator.Members(segment));
    }
}

using System.Text.Json;

namespace AudienceRelay.Emulators.Tests.Google;

public sealed class GoogleJobTests
{
    private static readonly string Ann = GoogleTestEnvironment.Sha256("ann@example.com");
    private static readonly string Bob = GoogleTestEnvironment.Sha256("bob@example.com");

    [Fact]
    public async Task A_job_is_pending_until_run_running_until_its_time_is_up_then_success_with_its_members()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var list = await env.CreateListAsync(token, "States");
        var job = await env.CreateJobAsync(token, list);
        var (added, _) = await env.AddAsync(token, job, [
            GoogleTestEnvironment.Create(new { hashedEmail = Ann }, new { hashedPhoneNumber = GoogleTestEnvironment.Sha256("+16505551212") }),
            GoogleTestEnvironment.Create(new { addressInfo = new { hashedFirstName = GoogleTestEnvironment.Sha256("bob"), hashedLastName = GoogleTestEnvironment.Sha256("smith"), countryCode = "US", postalCode = "94025" } }),
        ]);
        Assert.Equal(200, added);
        Assert.Equal("PENDING", await StatusAsync(env, token, job));

        Assert.Equal(200, (await env.RunAsync(token, job)).Status);
        Assert.Equal("RUNNING", await StatusAsync(env, token, job));
        Assert.Empty(env.Emulator.Members(list));

        env.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("SUCCESS", await StatusAsync(env, token, job));
        Assert.Equal(
            new HashSet<string> { "hashedEmail:" + Ann, "hashedPhoneNumber:" + GoogleTestEnvironment.Sha256("+16505551212"), $"address:{GoogleTestEnvironment.Sha256("bob")}|{GoogleTestEnvironment.Sha256("smith")}|US|94025" },
            env.Emulator.Members(list));
        Assert.Equal(400, (await env.RunAsync(token, job)).Status);
        Assert.Equal(400, (await env.AddAsync(token, job, [GoogleTestEnvironment.Create(new { hashedEmail = Bob })])).Status);
    }

    [Fact]
    public async Task A_job_that_mixes_create_and_remove_is_a_conflicting_operation()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var job = await env.CreateJobAsync(token, await env.CreateListAsync(token, "Mixed"));

        var (together, body) = await env.AddAsync(token, job, [GoogleTestEnvironment.Create(new { hashedEmail = Ann }), new { remove = new { userIdentifiers = new[] { new { hashedEmail = Bob } } } }]);
        Assert.Equal(200, (await env.AddAsync(token, job, [GoogleTestEnvironment.Create(new { hashedEmail = Ann })])).Status);
        var (later, _) = await env.AddAsync(token, job, [new { remove = new { userIdentifiers = new[] { new { hashedEmail = Bob } } } }]);

        Assert.Equal((400, 400), (together, later));
        Assert.Equal("CONFLICTING_OPERATION", GoogleTestEnvironment.ErrorCode(body));
    }

    [Fact]
    public async Task RemoveAll_must_be_the_first_operation_of_the_job()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var list = await env.CreateListAsync(token, "Order");
        var late = await env.CreateJobAsync(token, list);
        var first = await env.CreateJobAsync(token, list);

        var (status, body) = await env.AddAsync(token, late, [GoogleTestEnvironment.Create(new { hashedEmail = Ann }), new { removeAll = true }]);
        var (ok, _) = await env.AddAsync(token, first, [new { removeAll = true }, GoogleTestEnvironment.Create(new { hashedEmail = Ann })]);

        Assert.Equal((400, 200), (status, ok));
        Assert.Equal("INVALID_OPERATION_ORDER", GoogleTestEnvironment.ErrorCode(body));
    }

    [Fact]
    public async Task More_than_100000_identifiers_in_one_request_is_too_many()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var job = await env.CreateJobAsync(token, await env.CreateListAsync(token, "Big"));
        var person = GoogleTestEnvironment.Create(new { hashedEmail = Ann }, new { hashedPhoneNumber = Bob });

        var (over, body) = await env.AddAsync(token, job, [.. Enumerable.Repeat(person, 50_000), GoogleTestEnvironment.Create(new { hashedEmail = Bob })]);
        var (at, _) = await env.AddAsync(token, job, [.. Enumerable.Repeat(person, 50_000)]);

        Assert.Equal(400, over);
        Assert.Equal("TOO_MANY_USER_IDENTIFIERS", GoogleTestEnvironment.ErrorCode(body));
        Assert.Equal(200, at);
    }

    [Fact]
    public async Task A_second_job_of_a_list_cannot_run_while_the_first_runs()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var list = await env.CreateListAsync(token, "Busy");
        var one = await env.CreateJobAsync(token, list);
        var two = await env.CreateJobAsync(token, list);
        var other = await env.CreateJobAsync(token, await env.CreateListAsync(token, "Elsewhere"));
        Assert.Equal(200, (await env.RunAsync(token, one)).Status);

        var (status, body) = await env.RunAsync(token, two);
        Assert.Equal(400, status);
        Assert.Equal("CONCURRENT_MODIFICATION", GoogleTestEnvironment.ErrorCode(body));
        Assert.Equal(200, (await env.RunAsync(token, other)).Status);

        env.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(200, (await env.RunAsync(token, two)).Status);
    }

    [Fact]
    public async Task Malformed_identifiers_are_partial_failures_pointing_at_their_operation_and_the_rest_is_added()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var list = await env.CreateListAsync(token, "Partial");
        var job = await env.CreateJobAsync(token, list);

        var (status, body) = await env.AddAsync(token, job, [
            GoogleTestEnvironment.Create(new { hashedEmail = Ann }),
            GoogleTestEnvironment.Create(new { hashedEmail = "ann@example.com" }),
            GoogleTestEnvironment.Create(new { addressInfo = new { hashedFirstName = Ann, hashedLastName = Bob, countryCode = "us", postalCode = "94025" } }),
            GoogleTestEnvironment.Create(new { addressInfo = new { hashedFirstName = Ann, hashedLastName = Bob, countryCode = "US" } }),
            GoogleTestEnvironment.Create(),
            GoogleTestEnvironment.Create(new { hashedEmail = Bob }),
        ]);

        Assert.Equal(200, status);
        var errors = body.GetProperty("partialFailureError").GetProperty("details")[0].GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("location").GetProperty("fieldPathElements")[0].GetProperty("index").GetInt32(), e.GetProperty("errorCode").EnumerateObject().Single().Value.GetString()))
            .ToList();
        Assert.Equal([(1, "INVALID_SHA256_FORMAT"), (2, "INVALID_COUNTRY_CODE"), (3, "REQUIRED"), (4, "MISSING_USER_IDENTIFIER")], errors);

        Assert.Equal(200, (await env.RunAsync(token, job)).Status);
        env.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new HashSet<string> { "hashedEmail:" + Ann, "hashedEmail:" + Bob }, env.Emulator.Members(list));
    }

    [Fact]
    public async Task Without_partial_failure_one_malformed_identifier_refuses_the_whole_request()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var list = await env.CreateListAsync(token, "Strict");
        var job = await env.CreateJobAsync(token, list);

        var (status, body) = await env.AddAsync(token, job, [GoogleTestEnvironment.Create(new { hashedEmail = Ann }), GoogleTestEnvironment.Create(new { hashedEmail = "NOT-A-HASH" })], partial: false);

        Assert.Equal(400, status);
        Assert.Equal("INVALID_SHA256_FORMAT", GoogleTestEnvironment.ErrorCode(body));
        Assert.Equal(0, Assert.Single(env.Emulator.Jobs(list)).Creates);
    }

    private static async Task<string> StatusAsync(GoogleTestEnvironment env, string token, string job)
    {
        var query = $"SELECT offline_user_data_job.status FROM offline_user_data_job WHERE offline_user_data_job.resource_name = 'customers/{GoogleTestEnvironment.Customer}/offlineUserDataJobs/{job}'";
        var (status, body) = await env.PostAsync("googleAds:search", JsonSerializer.Serialize(new { query }), token);
        Assert.Equal(200, status);
        return Assert.Single(body.GetProperty("results").EnumerateArray()).GetProperty("offlineUserDataJob").GetProperty("status").GetString()!;
    }
}

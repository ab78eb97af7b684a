using System.Net;
using static AudienceRelay.Emulators.Tests.Klaviyo.KlaviyoTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

/// <summary>What a bulk import refuses outright (400, 404, 413) and what it turns into import errors.</summary>
public sealed class KlaviyoImportValidationTests
{
    [Fact]
    public async Task Invalid_profiles_become_import_errors_and_the_rest_is_imported()
    {
        await using var env = await StartAsync();
        var list = await env.CreateListAsync("vip");

        var jobId = await env.StartImportAsync(
            list,
            Profile(email: "ok@example.com"),
            Profile(email: "phone@example.com", phone: "5005550006"),
            Profile(firstName: "NoIdentifier"),
            Profile(email: "not-an-email"));
        var early = await env.GetAsync($"profile-bulk-import-jobs/{jobId}/import-errors");
        var attributes = await env.PollUntilCompleteAsync(jobId);
        var errors = await env.GetAsync($"profile-bulk-import-jobs/{jobId}/import-errors");

        Assert.Equal(0, early.Data.GetArrayLength());
        Assert.Equal(4, attributes.GetProperty("total_count").GetInt32());
        Assert.Equal(1, attributes.GetProperty("completed_count").GetInt32());
        Assert.Equal(3, attributes.GetProperty("failed_count").GetInt32());
        Assert.Equal(["ok@example.com"], env.Emulator.ListMembers(list).Select(m => m.Email));

        var items = errors.Data.EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.All(items, e => Assert.Equal("import-error", e.GetProperty("type").GetString()));
        var phoneError = items[0].GetProperty("attributes");
        Assert.Equal("/data/attributes/profiles/data/1", phoneError.GetProperty("source").GetProperty("pointer").GetString());
        Assert.Equal("invalid", phoneError.GetProperty("code").GetString());
        Assert.Contains("E.164", phoneError.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("5005550006", phoneError.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("5005550006", phoneError.GetProperty("original_payload").GetProperty("attributes").GetProperty("phone_number").GetString());
        Assert.Equal("/data/attributes/profiles/data/2", items[1].GetProperty("attributes").GetProperty("source").GetProperty("pointer").GetString());
        Assert.Equal("/data/attributes/profiles/data/3", items[2].GetProperty("attributes").GetProperty("source").GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task More_profiles_than_the_limit_is_400_and_no_job()
    {
        await using var env = await StartAsync(new() { MaxImportProfiles = 3 });
        var list = await env.CreateListAsync("vip");

        var reply = await env.PostAsync("profile-bulk-import-jobs", ImportBody(list, [.. Enumerable.Range(0, 4).Select(i => Profile(email: $"u{i}@example.com"))]));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("/data/attributes/profiles/data", reply.Error.GetProperty("source").GetProperty("pointer").GetString());
        Assert.Empty(env.Emulator.Jobs(Key));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413()
    {
        await using var env = await StartAsync();
        var list = await env.CreateListAsync("vip");
        var big = Profile(email: "a@example.com", extra: $"\"properties\":{{\"blob\":\"{new string('x', 5_000_001)}\"}}");

        var reply = await env.PostAsync("profile-bulk-import-jobs", ImportBody(list, big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Empty(env.Emulator.Jobs(Key));
    }

    [Fact]
    public async Task A_profile_over_its_size_limit_is_an_import_error()
    {
        await using var env = await StartAsync(new() { MaxProfileBytes = 200 });
        var list = await env.CreateListAsync("vip");

        var jobId = await env.StartImportAsync(list, Profile(email: "a@example.com", extra: $"\"properties\":{{\"blob\":\"{new string('x', 300)}\"}}"), Profile(email: "b@example.com"));
        var attributes = await env.PollUntilCompleteAsync(jobId);

        Assert.Equal(1, attributes.GetProperty("failed_count").GetInt32());
        Assert.Equal(["b@example.com"], env.Emulator.ListMembers(list).Select(m => m.Email));
    }

    [Theory]
    [InlineData("""{"type":"profile","attributes":{"email":"a@example.com","favourite_colour":"red"}}""", "/data/attributes/profiles/data/0/attributes/favourite_colour")]
    [InlineData("""{"type":"person","attributes":{"email":"a@example.com"}}""", "/data/attributes/profiles/data/0/type")]
    [InlineData("""{"type":"profile","attributes":{"email":42}}""", "/data/attributes/profiles/data/0/attributes/email")]
    [InlineData("""{"type":"profile","attributes":{"email":"a@example.com","location":{"planet":"Mars"}}}""", "/data/attributes/profiles/data/0/attributes/location/planet")]
    [InlineData("""{"type":"profile","id":"01GDDKASAP8TKDDA2GRZDSVP4H","attributes":{"email":"a@example.com"}}""", "/data/attributes/profiles/data/0/id")]
    public async Task A_malformed_profile_resource_fails_the_whole_request(string profile, string expectedPointer)
    {
        await using var env = await StartAsync();
        var list = await env.CreateListAsync("vip");

        var reply = await env.PostAsync("profile-bulk-import-jobs", ImportBody(list, profile));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(expectedPointer, reply.Error.GetProperty("source").GetProperty("pointer").GetString());
    }

    [Theory]
    [InlineData("""{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[]}}}}""")]
    [InlineData("""{"data":{"type":"profile-import-job","attributes":{"profiles":{"data":[{"type":"profile","attributes":{"email":"a@example.com"}}]}}}}""")]
    [InlineData("""{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":[]}}}""")]
    [InlineData("""{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[{"type":"profile","attributes":{"email":"a@example.com"}}]}},"relationships":{"lists":[]}}}""")]
    [InlineData("""{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[{"type":"profile","attributes":{"email":"a@example.com"}}]}},"relationships":{"lists":{"data":[{"type":"list","id":"a"},{"type":"list","id":"b"}]}}}}""")]
    public async Task A_malformed_job_is_400(string json)
    {
        await using var env = await StartAsync();

        var reply = await env.PostAsync("profile-bulk-import-jobs", json);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task An_unknown_list_is_404()
    {
        await using var env = await StartAsync();

        var reply = await env.PostAsync("profile-bulk-import-jobs", ImportBody("NoSuch", Profile(email: "a@example.com")));

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Empty(env.Emulator.Jobs(Key));
    }
}

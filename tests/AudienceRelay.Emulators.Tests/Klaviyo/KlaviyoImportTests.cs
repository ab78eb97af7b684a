using System.Net;
using System.Text.Json;
using AudienceRelay.Emulators.Klaviyo;
using static AudienceRelay.Emulators.Tests.Klaviyo.KlaviyoTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

/// <summary>The bulk import job's lifecycle and the upserts it makes on completion.</summary>
public sealed class KlaviyoImportTests
{
    [Fact]
    public async Task A_job_goes_queued_processing_complete_and_only_then_adds_the_profiles()
    {
        await using var env = await StartAsync();
        var list = await env.CreateListAsync("vip");
        var sarah = """
            {"type":"profile","attributes":{"email":"sarah.mason@example.com","phone_number":"+15005550006","external_id":"edge-123",
             "first_name":"Sarah","last_name":"Mason","location":{"country":"US","zip":"10017"},"properties":{"purchase_total_7d":120.5}}}
            """;

        var created = await env.PostAsync("profile-bulk-import-jobs", ImportBody(list, sarah, Profile(email: "bob@example.com")));
        var jobId = created.Data.GetProperty("id").GetString()!;
        var membersWhileQueued = env.Emulator.ListMembers(list).Count;
        var firstPoll = await env.GetAsync($"profile-bulk-import-jobs/{jobId}");
        var membersWhileProcessing = env.Emulator.ListMembers(list).Count;
        var secondPoll = await env.GetAsync($"profile-bulk-import-jobs/{jobId}");

        Assert.Equal(HttpStatusCode.Accepted, created.Status);
        Assert.Equal("profile-bulk-import-job", created.Data.GetProperty("type").GetString());
        Assert.Equal("queued", Status(created.Data));
        Assert.Equal(2, created.Data.GetProperty("attributes").GetProperty("total_count").GetInt32());
        Assert.Equal(0, membersWhileQueued);
        Assert.Equal("processing", Status(firstPoll.Data));
        Assert.Equal(0, membersWhileProcessing);
        Assert.Equal("complete", Status(secondPoll.Data));
        Assert.Equal(2, secondPoll.Data.GetProperty("attributes").GetProperty("completed_count").GetInt32());
        Assert.Equal(0, secondPoll.Data.GetProperty("attributes").GetProperty("failed_count").GetInt32());

        var members = env.Emulator.ListMembers(list);
        Assert.Equal(["sarah.mason@example.com", "bob@example.com"], members.Select(m => m.Email));
        var stored = members[0];
        Assert.Equal("+15005550006", stored.PhoneNumber);
        Assert.Equal("edge-123", stored.ExternalId);
        Assert.Equal("Sarah", stored.FirstName);
        Assert.Equal("Mason", stored.LastName);
        Assert.Equal("10017", stored.Location["zip"].GetString());
        Assert.Equal(120.5, stored.Properties["purchase_total_7d"].GetDouble());
        Assert.Matches("^[0-9A-Z]{26}$", stored.Id);
    }

    [Fact]
    public async Task Polls_until_complete_is_configurable()
    {
        await using var env = await StartAsync(new() { PollsUntilComplete = 1 });
        var list = await env.CreateListAsync("vip");
        var jobId = await env.StartImportAsync(list, Profile(email: "a@example.com"));

        var poll = await env.GetAsync($"profile-bulk-import-jobs/{jobId}");

        Assert.Equal("complete", Status(poll.Data));
        Assert.Single(env.Emulator.ListMembers(list));
        var job = Assert.Single(env.Emulator.Jobs(Key));
        Assert.Equal("complete", job.Status);
        Assert.Equal(1, job.Polls);
    }

    [Fact]
    public async Task Import_upserts_by_email_then_phone_then_external_id()
    {
        // Phone-only profiles need an account with SMS set up.
        await using var env = await StartAsync(new KlaviyoEmulatorOptions { SmsEnabled = true });
        var list = await env.CreateListAsync("vip");
        await env.ImportAsync(list, Profile(email: "Sarah@Example.com", firstName: "Sarah"), Profile(phone: "+15005550007", firstName: "Phone"), Profile(externalId: "edge-9"));

        await env.ImportAsync(
            list,
            Profile(email: "sarah@example.com", firstName: "Sara", extra: "\"properties\":{\"tier\":\"gold\"}"),
            Profile(phone: "+15005550007", externalId: "edge-7"),
            Profile(externalId: "edge-9", email: "nine@example.com"));

        var members = env.Emulator.ListMembers(list);
        Assert.Equal(3, members.Count);
        Assert.Equal("Sara", members[0].FirstName);
        Assert.Equal("gold", members[0].Properties["tier"].GetString());
        Assert.Equal("edge-7", members[1].ExternalId);
        Assert.Equal("Phone", members[1].FirstName);
        Assert.Equal("nine@example.com", members[2].Email);
    }

    [Fact]
    public async Task Import_without_a_list_creates_profiles_only()
    {
        await using var env = await StartAsync();
        var jobId = await env.StartImportAsync(null, Profile(email: "a@example.com"));
        await env.PollUntilCompleteAsync(jobId);

        var profiles = await env.GetAsync("profiles?filter=" + Uri.EscapeDataString("equals(email,\"a@example.com\")"));

        Assert.Single(profiles.Data.EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_job_is_404()
    {
        await using var env = await StartAsync();

        var job = await env.GetAsync("profile-bulk-import-jobs/NOSUCHJOB");
        var errors = await env.GetAsync("profile-bulk-import-jobs/NOSUCHJOB/import-errors");

        Assert.Equal(HttpStatusCode.NotFound, job.Status);
        Assert.Equal(HttpStatusCode.NotFound, errors.Status);
    }

    [Fact]
    public async Task Snapshot_shows_lists_with_member_counts_and_a_sample()
    {
        await using var env = await StartAsync();
        var list = await env.CreateListAsync("vip");
        await env.ImportAsync(list, Profile(email: "a@example.com"), Profile(email: "b@example.com"), Profile(email: "c@example.com"));
        using var control = new HttpClient();

        var json = await control.GetStringAsync(new Uri(env.Host.BaseUri, "_emulator/klaviyo/state?sample=2"));

        using var document = JsonDocument.Parse(json);
        var snapshotList = document.RootElement.GetProperty("accounts").EnumerateArray()
            .SelectMany(a => a.GetProperty("lists").EnumerateArray())
            .Single(l => l.GetProperty("id").GetString() == list);
        Assert.Equal(3, snapshotList.GetProperty("member_count").GetInt32());
        Assert.Equal(2, snapshotList.GetProperty("sample").GetArrayLength());
        Assert.DoesNotContain(Key, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_imports_into_one_list_keep_every_profile()
    {
        await using var env = await StartAsync();
        var list = await env.CreateListAsync("vip");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => env.ImportAsync(list, Profile(email: $"a{i}@example.com"), Profile(email: $"b{i}@example.com"))));

        Assert.Equal(20, env.Emulator.ListMembers(list).Select(m => m.Email).Distinct().Count());
        Assert.All(env.Emulator.Jobs(Key), j => Assert.Equal("complete", j.Status));
    }

    private static string Status(JsonElement job) => job.GetProperty("attributes").GetProperty("status").GetString()!;

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task A_phone_only_profile_is_an_import_error_unless_the_account_has_SMS(bool sms, int errors)
    {
        await using var env = await StartAsync(new KlaviyoEmulatorOptions { SmsEnabled = sms });
        var list = await env.CreateListAsync("vip");

        await env.ImportAsync(list, Profile(phone: "+15005550007"), Profile(phone: "+15005550008", externalId: "edge-1"));

        var job = Assert.Single(env.Emulator.Jobs(Key));
        Assert.Equal(errors, job.FailedCount);
        Assert.Equal(2 - errors, env.Emulator.ListMembers(list).Count);
    }
}

using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Klaviyo;

public sealed class KlaviyoDeliveryTests
{
    [Fact]
    public async Task Imports_raw_profile_fields_into_the_list_and_skips_users_without_a_usable_identifier()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        var list = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("vip", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        AudienceUser[] users =
        [
            new()
            {
                EdgeTagId = "edge-123", Email = " Sarah.Mason@Example.com ", Phone = "+1 (650) 555-1212", FirstName = " Sarah ", LastName = "Mason",
                Country = "us", PostalCode = "10017", Purchase = new PurchaseData { Currency = "USD", Profit = 12.5m, Total7Days = 120.5m },
            },
            new() { Email = new string('a', 64) }, // a SHA-256 digest cannot be sent raw
        ];

        var outcome = await provider.DeliverAsync(KlaviyoFixture.Work(list, users), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(1, counts.UsersSent);
        Assert.Equal(1, counts.SkippedReasons["no_raw_email_phone_or_external_id"]);
        Assert.Equal(0, counts.PlatformCounts["import_errors"]);
        Assert.Equal(1, counts.PlatformCounts["imported"]);
        var member = Assert.Single(env.Emulator.ListMembers(list));
        Assert.Equal("sarah.mason@example.com", member.Email);
        Assert.Equal("+16505551212", member.PhoneNumber);
        Assert.Equal("edge-123", member.ExternalId);
        Assert.Equal("Sarah", member.FirstName);
        Assert.Equal("Mason", member.LastName);
        Assert.False(member.Location.ContainsKey("country"));
        Assert.Equal("10017", member.Location["zip"].GetString());
        Assert.Equal("USD", member.Properties["purchase_currency"].GetString());
        Assert.Equal(12.5m, member.Properties["purchase_profit"].GetDecimal());
        Assert.Equal(120.5m, member.Properties["purchase_total_7_days"].GetDecimal());
    }

    [Fact]
    public async Task Follows_each_job_until_complete_waiting_between_polls()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { PollsUntilComplete = 3 });
        var provider = env.Provider();
        var list = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("poll", AudienceType.Custom), CancellationToken.None)).AudienceId!;

        var outcome = await provider.DeliverAsync(KlaviyoFixture.Work(list, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        var job = Assert.Single(env.Emulator.Jobs(KlaviyoFixture.ApiKey));
        Assert.Equal("complete", job.Status);
        Assert.Equal(3, job.Polls);
        Assert.Equal(3, env.Time.Delays.Count(d => d == TimeSpan.FromSeconds(2)));
        Assert.Single(env.Emulator.ListMembers(list));
    }

    [Fact]
    public async Task A_job_still_running_after_the_last_poll_is_retried_and_the_retry_follows_the_same_job()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { PollsUntilComplete = 4 });
        var impatient = env.Provider(extra: ("ImportMaxPolls", "2"));
        var list = (await impatient.FindOrCreateAudienceAsync(new AudienceRequest("slow", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        var session = new FakeSession();
        var users = new[] { new AudienceUser { Email = "a@example.com" } };

        var first = await impatient.DeliverAsync(KlaviyoFixture.Work(list, users, session), CancellationToken.None);
        var second = await env.Provider().DeliverAsync(KlaviyoFixture.Work(list, users, session), CancellationToken.None);

        Assert.Contains("not complete after 2 polls", Assert.IsType<DeliveryOutcome.Retry>(first).Reason, StringComparison.Ordinal);
        Assert.IsType<DeliveryOutcome.Succeeded>(second);
        var job = Assert.Single(env.Emulator.Jobs(KlaviyoFixture.ApiKey));
        Assert.Equal(4, job.Polls);
        Assert.Equal($"1:{list}", session.SavedState);
    }

    [Fact]
    public async Task Counts_profiles_Klaviyo_could_not_import()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { MaxProfileBytes = 300 });
        var provider = env.Provider();
        var list = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("errors", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        AudienceUser[] users = [new() { Email = "ok@example.com" }, new() { Email = "big@example.com", FirstName = new string('x', 400) }];

        var outcome = await provider.DeliverAsync(KlaviyoFixture.Work(list, users), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(2, counts.UsersSent);
        Assert.Equal(1, counts.PlatformCounts["import_errors"]);
        Assert.Equal("ok@example.com", Assert.Single(env.Emulator.ListMembers(list)).Email);
    }

    [Fact]
    public async Task Splits_jobs_by_profile_count()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { PollsUntilComplete = 1 });
        var provider = env.Provider(maxUsersPerRequest: 2);
        var list = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("count", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        var users = Enumerable.Range(0, 5).Select(i => new AudienceUser { Email = $"user{i}@example.com" }).ToList();

        var outcome = await provider.DeliverAsync(KlaviyoFixture.Work(list, users), CancellationToken.None);

        Assert.Equal(3, Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts.PlatformCounts["import_jobs"]);
        Assert.Equal([2, 2, 1], env.Emulator.Jobs(KlaviyoFixture.ApiKey).Select(j => j.TotalCount));
        Assert.Equal(5, env.Emulator.ListMembers(list).Count);
    }

    [Fact]
    public async Task Splits_jobs_by_body_size()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { PollsUntilComplete = 1, MaxImportBytes = 1_000 });
        var provider = env.Provider(extra: ("MaxImportBytes", "1000"));
        var list = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("bytes", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        var users = Enumerable.Range(0, 20).Select(i => new AudienceUser { Email = $"user{i:D2}@example.com", FirstName = "Firstname", LastName = "Lastname" }).ToList();

        var outcome = await provider.DeliverAsync(KlaviyoFixture.Work(list, users), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        var jobs = env.Emulator.Jobs(KlaviyoFixture.ApiKey);
        Assert.True(jobs.Count > 1);
        Assert.Equal(20, jobs.Sum(j => j.TotalCount));
        Assert.Equal(20, env.Emulator.ListMembers(list).Count);
    }

    [Fact]
    public async Task A_throttle_is_a_throttled_retry_after_Retry_After()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.Throttle, RetryAfterSeconds = 7, PathContains = "profile-bulk-import-jobs" });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.True(retry.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(7), retry.After);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.ServerError, StatusCode = 503, PathContains = "profile-bulk-import-jobs" });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.False(retry.Throttled);
        Assert.Contains("503", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_error_fails_with_the_detail()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.Error, StatusCode = 400, Message = "The list is locked.", PathContains = "profile-bulk-import-jobs" });

        Assert.Contains("The list is locked.", Assert.IsType<DeliveryOutcome.Failed>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_that_no_longer_exists_is_reported_gone()
    {
        await using var env = await KlaviyoFixture.StartAsync();

        var outcome = await env.Provider().DeliverAsync(KlaviyoFixture.Work("NoSuchList", [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);

        Assert.Contains("404", Assert.IsType<DeliveryOutcome.AudienceGone>(outcome).Reason, StringComparison.Ordinal);
    }

    private static async Task<DeliveryOutcome> DeliverWithFaultAsync(Fault fault)
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        var list = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("faults", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        env.Emulator.Faults.Add(fault);
        var outcome = await provider.DeliverAsync(KlaviyoFixture.Work(list, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);
        Assert.Empty(env.Emulator.ListMembers(list));
        return outcome;
    }
}

using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// <c>type=primary</c> to Google: nothing is touched until the whole session is here, then one job — removeAll first, then
/// every batch's people — replaces the list, run by the session's last open delivery.
/// </summary>
public sealed class GooglePrimaryTests : IAsyncLifetime
{
    private GoogleTestPlatform _platform = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _platform = await GoogleTestPlatform.StartAsync();
        _server = await TestServer.StartAsync(PlatformEmulators.Settings(_platform.Instance()));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task A_three_batch_session_posted_out_of_order_replaces_the_list_in_one_job()
    {
        // The list already holds people, some of whom have since left the customer file.
        var (seeded, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Members", "custom", Upload.Batch(900, 1, 1, 2), Users("left@example.com", "stays@example.com")), "?sync=true");
        Assert.Equal(200, seeded);
        var list = _platform.List("blotout_Members");
        var before = Expected.Set(GoogleTestPlatform.Email("left@example.com"), GoogleTestPlatform.Email("stays@example.com"));

        // Each batch is posted once the earlier one's delivery has written back (the engine wakes a waiting delivery
        // when a batch arrives, so the test lets each wake-up land before the next batch).
        const long session = 901;
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 3, 3, 4), Users("third@example.com")))).Status);
        var first = await UntilAsync(session, s => Waiting.Deliveries(s).Any(d => d.LastError is not null));
        var recheck = Assert.Single(Waiting.Deliveries(first)).NextAttemptAt;
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 1, 3, 4), Users("first@example.com", "stays@example.com")))).Status);
        var waiting = await UntilAsync(session, s => s.Batches.Count == 2 && Waiting.Deliveries(s).Any(d => d.LastError is not null && d.NextAttemptAt > recheck));
        Assert.All(Waiting.Deliveries(waiting), d => Assert.Equal(DeliveryState.Pending, d.State));
        Assert.Contains("waiting for all batches", Waiting.Deliveries(waiting).First(d => d.LastError is not null).LastError, StringComparison.Ordinal);
        Assert.Equal(before, _platform.Google.Members(list.Id));
        Assert.Single(_platform.Google.Jobs(list.Id));

        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 2, 3, 4), Users("second@example.com")))).Status);
        var done = await SucceededAsync(session);

        Assert.Equal(
            Expected.Set(GoogleTestPlatform.Email("first@example.com"), GoogleTestPlatform.Email("stays@example.com"), GoogleTestPlatform.Email("second@example.com"), GoogleTestPlatform.Email("third@example.com")),
            _platform.Google.Members(list.Id));
        var jobs = _platform.Google.Jobs(list.Id);
        Assert.Equal(2, jobs.Count);
        var replace = jobs[1];
        Assert.Equal(("SUCCESS", true, 4), (replace.Status, replace.RemoveAll, replace.Creates));

        // Exactly one delivery ran the replace job; the other two say their people went in it.
        var deliveries = Waiting.Deliveries(done).ToList();
        Assert.Single(deliveries, d => Waiting.Json(d.PlatformCounts).TryGetProperty("replaced_with_session_users", out var n) && n.GetInt32() == 4);
        Assert.Equal(2, deliveries.Count(d => Waiting.Json(d.PlatformCounts).TryGetProperty("users_in_session_replace_job", out _) && d.UsersSent == 0));
    }

    [Fact]
    public async Task A_replace_job_that_fails_after_removeAll_says_so_and_the_next_attempt_runs_the_whole_replace_again()
    {
        var (seeded, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Fragile", "custom", Upload.Batch(910, 1, 1, 1), Users("old@example.com")), "?sync=true");
        Assert.Equal(200, seeded);
        var list = _platform.List("blotout_Fragile");
        _platform.Google.FailNextJobs(1);

        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Fragile", "primary", Upload.Batch(911, 2, 2, 2), Users("b@example.com")))).Status);
        await UntilAsync(911, s => Waiting.Deliveries(s).Any(d => d.LastError is not null));
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Fragile", "primary", Upload.Batch(911, 1, 2, 2), Users("a@example.com")))).Status);
        var failedOnce = await UntilAsync(911, s => Waiting.Deliveries(s).Any(d => d.LastError?.Contains("REPLACE FAILED AFTER removeAll", StringComparison.Ordinal) == true || d.State == DeliveryState.Succeeded && d.Attempts > 1));
        Assert.NotNull(failedOnce);
        await SucceededAsync(911);

        Assert.Equal(Expected.Set(GoogleTestPlatform.Email("a@example.com"), GoogleTestPlatform.Email("b@example.com")), _platform.Google.Members(list.Id));
        var jobs = _platform.Google.Jobs(list.Id);
        Assert.Equal(["SUCCESS", "FAILED", "SUCCESS"], jobs.Select(j => j.Status));
        Assert.All(jobs.Skip(1), j => Assert.Equal((true, 2), (j.RemoveAll, j.Creates)));
    }

    /// <summary>Waits for every delivery of the session to succeed; on time-out, fails showing where each one is.</summary>
    private Task<AudienceRelay.Store.Status.SessionRecord> SucceededAsync(long session) =>
        UntilAsync(session, s => s.Batches.Count > 0 && Waiting.Deliveries(s).All(d => d.State == DeliveryState.Succeeded));

    /// <summary>Waits for the session to meet <paramref name="condition"/>; on time-out, fails showing where each delivery is.</summary>
    private async Task<AudienceRelay.Store.Status.SessionRecord> UntilAsync(long session, Func<AudienceRelay.Store.Status.SessionRecord, bool> condition)
    {
        try
        {
            return await Waiting.ForSessionAsync(_server, session, condition);
        }
        catch (TaskCanceledException)
        {
            var status = await _server.Get<AudienceRelay.Store.IAudienceStore>().GetSessionAsync(session, default);
            Assert.Fail("the session did not get there: " + JsonSerializer.Serialize(Waiting.Deliveries(status!).Select(d => new { d.BatchId, State = d.State.ToString(), d.Attempts, d.LastError, d.NextAttemptAt, d.UsersSent })));
            throw;
        }
    }

    private static string Users(params string[] emails) => JsonSerializer.Serialize(emails.Select(e => new { email = e }));
}

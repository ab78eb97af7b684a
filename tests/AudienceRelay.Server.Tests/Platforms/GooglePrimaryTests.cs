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

        const long session = 901;
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 3, 3, 4), Users("third@example.com")))).Status);
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 1, 3, 4), Users("first@example.com", "stays@example.com")))).Status);
        var waiting = await Waiting.ForSessionAsync(_server, session, s => s.Batches.Count == 2 && Waiting.Deliveries(s).All(d => d.State == DeliveryState.Pending && d.LastError is not null));
        Assert.All(Waiting.Deliveries(waiting), d => Assert.Contains("waiting for all batches", d.LastError, StringComparison.Ordinal));
        Assert.Equal(before, _platform.Google.Members(list.Id));
        Assert.Single(_platform.Google.Jobs(list.Id));

        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 2, 3, 4), Users("second@example.com")))).Status);
        var done = await Waiting.ForStateAsync(_server, session, DeliveryState.Succeeded);

        Assert.Equal(
            Expected.Set(GoogleTestPlatform.Email("first@example.com"), GoogleTestPlatform.Email("stays@example.com"), GoogleTestPlatform.Email("second@example.com"), GoogleTestPlatform.Email("third@example.com")),
            _platform.Google.Members(list.Id));
        var jobs = _platform.Google.Jobs(list.Id);
        Assert.Equal(2, jobs.Count);
        var replace = jobs[1];
        Assert.Equal(("SUCCESS", true, 4), (replace.Status, replace.RemoveAll, replace.Creates));

        // Exactly one delivery ran the replace job; the other two say their people went in it.
        var deliveries = Waiting.Deliveries(done).ToList();
        Assert.Single(deliveries, d => d.PlatformCounts!.Value.TryGetProperty("replaced_with_session_users", out var n) && n.GetInt32() == 4);
        Assert.Equal(2, deliveries.Count(d => d.PlatformCounts!.Value.TryGetProperty("users_in_session_replace_job", out _) && d.UsersSent == 0));
    }

    [Fact]
    public async Task A_replace_job_that_fails_after_removeAll_says_so_and_the_next_attempt_runs_the_whole_replace_again()
    {
        var (seeded, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Fragile", "custom", Upload.Batch(910, 1, 1, 1), Users("old@example.com")), "?sync=true");
        Assert.Equal(200, seeded);
        var list = _platform.List("blotout_Fragile");
        _platform.Google.FailNextJobs(1);

        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Fragile", "primary", Upload.Batch(911, 2, 2, 2), Users("b@example.com")))).Status);
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Fragile", "primary", Upload.Batch(911, 1, 2, 2), Users("a@example.com")))).Status);
        var failedOnce = await Waiting.ForSessionAsync(_server, 911, s => Waiting.Deliveries(s).Any(d => d.LastError?.Contains("REPLACE FAILED AFTER removeAll", StringComparison.Ordinal) == true || d.State == DeliveryState.Succeeded && d.Attempts > 1));
        Assert.NotNull(failedOnce);
        await Waiting.ForStateAsync(_server, 911, DeliveryState.Succeeded);

        Assert.Equal(Expected.Set(GoogleTestPlatform.Email("a@example.com"), GoogleTestPlatform.Email("b@example.com")), _platform.Google.Members(list.Id));
        var jobs = _platform.Google.Jobs(list.Id);
        Assert.Equal(["SUCCESS", "FAILED", "SUCCESS"], jobs.Select(j => j.Status));
        Assert.All(jobs.Skip(1), j => Assert.Equal((true, 2), (j.RemoveAll, j.Creates)));
    }

    private static string Users(params string[] emails) => JsonSerializer.Serialize(emails.Select(e => new { email = e }));
}

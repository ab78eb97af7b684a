using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookErrorTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(613)]
    [InlineData(80003)]
    public async Task Throttles_are_retried_after_the_wait_in_the_usage_header(int code)
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, Code = code, PathContains = "/users", RetryAfterSeconds = 120 });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(await DeliverOneAsync(bed));

        Assert.True(retry.Throttled);
        Assert.Equal(TimeSpan.FromMinutes(2), retry.After);
        Assert.StartsWith($"Meta error {code}:", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_fails_with_Meta_message_and_no_personal_data()
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, Code = 190, Subcode = 463, PathContains = "/users" });

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await DeliverOneAsync(bed));

        Assert.Equal("Meta error 190/463: Error validating access token: Session has expired.", failed.Reason);
        Assert.DoesNotContain(MetaTestbed.Sha("jane.doe@example.com"), failed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, null)]
    [InlineData(100, 1713230)]
    [InlineData(200, null)]
    [InlineData(2650, null)]
    [InlineData(2655, null)]
    [InlineData(368, null)]
    public async Task Permanent_errors_fail_the_delivery(int code, int? subcode)
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, Code = code, Subcode = subcode, PathContains = "/users" });

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await DeliverOneAsync(bed));

        Assert.StartsWith(subcode is null ? $"Meta error {code}:" : $"Meta error {code}/{subcode}:", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_audience_is_retried_in_five_minutes()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");

        // Someone else's replace session is open on the audience.
        using (var http = new HttpClient())
        using (var open = await http.PostAsync(
            new Uri(bed.Host.UrlFor("meta") + $"/v25.0/{audienceId}/usersreplace?access_token={MetaTestbed.Token}"),
            new StringContent($$$"""{"payload":{"schema":["EMAIL"],"data":[["{{{MetaTestbed.Sha("x@example.com")}}}"]]},"session":{"session_id":5,"batch_seq":1,"last_batch_flag":false}}""", Encoding.UTF8, "application/json")))
        {
            Assert.True(open.IsSuccessStatusCode);
        }

        var retry = Assert.IsType<DeliveryOutcome.Retry>(await DeliverOneAsync(bed, audienceId));

        Assert.StartsWith("Meta error 2650/1870145:", retry.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(5), retry.After);
        Assert.False(retry.Throttled);
    }

    [Fact]
    public async Task A_just_created_audience_that_Meta_does_not_see_yet_is_retried()
    {
        await using var bed = await MetaTestbed.StartAsync(new MetaEmulatorOptions { SimulateEventualConsistency = true });
        var provider = bed.Provider();
        var audienceId = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("blotout_new", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        var session = ledger.Open();
        var users = MetaTestbed.Emails("a", 2);

        var first = await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session), CancellationToken.None);
        var second = await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session, attempt: 2), CancellationToken.None);

        Assert.StartsWith("Meta error 803:", Assert.IsType<DeliveryOutcome.Retry>(first).Reason, StringComparison.Ordinal);
        Assert.IsType<DeliveryOutcome.Succeeded>(second);
        Assert.Equal(MetaTestbed.Hashes(users), bed.Emulator.MemberEmails(audienceId));
        Assert.Equal([(MetaTestbed.MetaSession(audienceId), 1L, true), (MetaTestbed.MetaSession(audienceId), 1L, true)], bed.Tap.Sessions());
        Assert.Equal(1, ledger.Reservations);
    }

    [Theory]
    [InlineData(500, null, 2)]
    [InlineData(503, null, 1)]
    [InlineData(502, "html", null)]
    [InlineData(500, null, 100)]
    public async Task Server_errors_and_HTML_pages_are_retried(int status, string? message, int? code)
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.ServerError, StatusCode = status, Message = message, Code = code, PathContains = "/users" });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(await DeliverOneAsync(bed));

        Assert.False(retry.Throttled);
        if (message == "html")
        {
            Assert.Equal($"HTTP {status}: Meta answered with an HTML page instead of JSON", retry.Reason);
        }
        else
        {
            Assert.Contains($"Meta error {code}", retry.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(341)]
    public async Task Temporary_errors_in_a_400_answer_are_retried(int code)
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, Code = code, PathContains = "/users" });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(await DeliverOneAsync(bed));

        Assert.False(retry.Throttled);
        Assert.Null(retry.After);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        await using var bed = await MetaTestbed.StartAsync();
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.Drop, PathContains = "/users" });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(await DeliverOneAsync(bed));

        Assert.StartsWith("connection failed", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_request_is_sent_again_on_retry_with_its_reserved_batch_seq()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");
        bed.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, Code = 17, PathContains = "/users" });
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        var session = ledger.Open();
        var provider = bed.Provider();
        var users = MetaTestbed.Emails("a", 3);

        Assert.IsType<DeliveryOutcome.Retry>(await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session), CancellationToken.None));
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(MetaTestbed.Work(audienceId, users, session, attempt: 2), CancellationToken.None));

        Assert.Equal(1, ledger.Reservations);
        Assert.Equal([1], Assert.Single(bed.Emulator.Sessions(audienceId)).BatchSeqs);
    }

    private static async Task<DeliveryOutcome> DeliverOneAsync(MetaTestbed bed, string? audienceId = null)
    {
        audienceId ??= bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        AudienceUser[] users = [new() { Email = "jane.doe@example.com", Phone = "+16505551212" }];
        return await bed.Provider().DeliverAsync(MetaTestbed.Work(audienceId, users, ledger.Open()), CancellationToken.None);
    }
}

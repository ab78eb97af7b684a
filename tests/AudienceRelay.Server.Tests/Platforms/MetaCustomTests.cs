using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary><c>type=custom</c> to a Meta instance: the emulator ends up holding exactly the normalized, hashed members.</summary>
public sealed class MetaCustomTests : IAsyncLifetime
{
    private PlatformEmulators _platforms = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _platforms = await PlatformEmulators.StartAsync();
        _server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.Facebook(maxUsersPerRequest: 2)));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platforms.DisposeAsync();
    }

    [Fact]
    public async Task One_batch_becomes_exactly_the_normalized_hashed_members_of_blotout_name()
    {
        // Tricky input: spaces and case in emails, a national US phone, a spaced UK phone, ZIP+4, a decomposed accent,
        // an apostrophe, a hyphen, doubled inner spaces, a user known only by edgeTagId.
        var users = JsonSerializer.Serialize(new object[]
        {
            new { email = "  Jane.Doe@Example.COM ", phone = "(650) 555-1212", firstName = "Vale\u0301ry", lastName = "O'Brien", country = "US", postalCode = "94025-1234", edgeTagId = "edge-1" },
            new { email = "Sam@Example.org", phone = "+44 20 7946 0018", firstName = " Mary  Ann ", lastName = "Smith-Jones", country = "GB", postalCode = "SW1A 1AA" },
            new { edgeTagId = "edge-3", firstName = "JOSÉ" },
            new { email = "\tOTHER@EXAMPLE.NET" },
        });

        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Tricky", "custom", Upload.Batch(101, 1, 1, 4), users), "?sync=true");

        Assert.Equal(200, status);
        Assert.Equal("succeeded", Assert.Single(body.GetProperty("results").EnumerateArray()).GetProperty("state").GetString());
        var audience = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount), a => a.Name.Contains("Tricky", StringComparison.Ordinal));
        Assert.Equal("blotout_Tricky", audience.Name);
        var expected = Expected.Set(
            Expected.MetaRow(email: "jane.doe@example.com", phone: "16505551212", fn: "val\u00e9ry", ln: "obrien", country: "us", zip: "94025", externId: "edge-1"),
            Expected.MetaRow(email: "sam@example.org", phone: "442079460018", fn: "maryann", ln: "smithjones", country: "gb", zip: "sw1a1aa"),
            Expected.MetaRow(fn: "jos\u00e9", externId: "edge-3"),
            Expected.MetaRow(email: "other@example.net"));
        Assert.Equal(expected, Expected.Members(_platforms.Meta.Members(audience.Id)));
    }

    [Fact]
    public async Task With_disablePrefix_the_audience_is_named_exactly_as_sent()
    {
        var (status, _, _) = await Upload.PostAsync(
            _server.Http, Upload.Form("Exact Name", "custom", Upload.Batch(102), """[{"email":"exact@example.com"}]"""), "?sync=true&disablePrefix=true");

        Assert.Equal(200, status);
        var audience = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount), a => a.Name.Contains("Exact Name", StringComparison.Ordinal));
        Assert.Equal("Exact Name", audience.Name);
        Assert.Equal(Expected.Set(Expected.Sha("exact@example.com")), _platforms.Meta.MemberEmails(audience.Id));
    }

    [Fact]
    public async Task Batches_posted_out_of_order_make_one_contiguous_meta_session_flagged_last_on_its_last_request()
    {
        const long session = 103;
        string[][] emails =
        [
            ["one.a@example.com", "one.b@example.com"],
            ["two.a@example.com", "two.b@example.com", "two.c@example.com"],
            ["three.a@example.com", "three.b@example.com", "three.c@example.com"],
        ];
        foreach (var sequence in new[] { 3, 1, 2 })
        {
            var users = JsonSerializer.Serialize(emails[sequence - 1].Select(e => new { email = e }));
            var (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Ordered", "custom", Upload.Batch(session, sequence, 3, 8), users));
            Assert.Equal(200, status);
        }

        var done = await Waiting.ForStateAsync(_server, session, DeliveryState.Succeeded);
        Assert.Equal(3, done.Batches.Count);

        var audience = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount), a => a.Name == "blotout_Ordered");
        Assert.Equal(Expected.Set([.. emails.SelectMany(e => e).Select(Expected.Sha)]), _platforms.Meta.MemberEmails(audience.Id));

        // 2 rows a request: 1 + 2 + 2 requests, numbered 1..5 across the three deliveries.
        var sent = _platforms.MetaWire.Requests
            .Where(r => r.Method == "POST" && r.Path.EndsWith($"/{audience.Id}/users", StringComparison.Ordinal))
            .Select(r => r.Json.GetProperty("session"))
            .ToList();
        Assert.Equal([1, 2, 3, 4, 5], sent.Select(s => s.GetProperty("batch_seq").GetInt32()).Order());
        // One Meta session, whose id is derived from (instance, audience, session), never our session number as is.
        var metaSessionId = Assert.Single(sent.Select(s => s.GetProperty("session_id").GetInt64()).Distinct());
        Assert.NotEqual(session, metaSessionId);
        Assert.True(metaSessionId > 0);
        Assert.All(sent, s => Assert.Equal(8, s.GetProperty("estimated_num_total").GetInt64()));
        var flagged = sent.Select((s, i) => (s, i)).Where(x => x.s.GetProperty("last_batch_flag").GetBoolean()).ToList();
        var last = Assert.Single(flagged);
        Assert.Equal(sent.Count - 1, last.i);
        Assert.Equal(5, last.s.GetProperty("batch_seq").GetInt32());

        var metaSession = Assert.Single(_platforms.Meta.Sessions(audience.Id));
        Assert.Equal(metaSessionId.ToString(System.Globalization.CultureInfo.InvariantCulture), metaSession.SessionId);
        Assert.Equal([1, 2, 3, 4, 5], metaSession.BatchSeqs);
        Assert.True(metaSession.LastBatchFlagReceived);
        Assert.Equal("processed", metaSession.Stage);
        Assert.Equal(8, metaSession.NumReceived);
    }
}

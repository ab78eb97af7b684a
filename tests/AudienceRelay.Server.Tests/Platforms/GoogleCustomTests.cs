using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary><c>type=custom</c> to Google Customer Match through the real server: exactly what the list ends up holding.</summary>
public sealed class GoogleCustomTests : IAsyncLifetime
{
    private GoogleTestPlatform _platform = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _platform = await GoogleTestPlatform.StartAsync();
        var settings = PlatformEmulators.Settings(_platform.Instance());
        settings["Ingress:MaxConcurrentUploads"] = "32"; // the twenty-at-once test: past the default bound of a small machine
        _server = await TestServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task The_list_holds_exactly_the_documented_hashes_of_tricky_inputs()
    {
        var users = JsonSerializer.Serialize(new object[]
        {
            new { email = "  J.O.H.N.Doe@GMAIL.com ", phone = "(650) 555-1212", firstName = "  Mary   Ann ", lastName = "O'Brien-Smith", country = "United States", postalCode = "94025-1234" },
            new { email = "Sam@Example.org", phone = "020 7946 0018", country = "GB", firstName = "Zoë", lastName = "Pérez" },
            new { phone = "+44 20 7946 0999", firstName = "Only", lastName = "Names", country = "GB" },
            new { email = "E233D4A29013E9D87150C6237C6777BEDF379EBF1ACDC5D6126FEC7E8BB74FB5" },
            new { edgeTagId = "edge-only" },
        });

        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Tricky", "custom", Upload.Batch(701, 1, 1, 5), users), "?sync=true");

        Assert.Equal(200, status);
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        var list = _platform.List("blotout_Tricky");
        Assert.Equal("CONTACT_INFO", list.UploadKeyType);
        Assert.Equal(540, list.MembershipLifeSpan);
        Assert.Equal(
            Expected.Set(
                GoogleTestPlatform.Email("johndoe@gmail.com"),
                GoogleTestPlatform.Phone("+16505551212"),
                GoogleTestPlatform.Address("mary ann", "obriensmith", "US", "94025"),
                GoogleTestPlatform.Email("sam@example.org"),
                GoogleTestPlatform.Phone("+442079460018"),
                GoogleTestPlatform.Phone("+442079460999"),
                "hashedEmail:e233d4a29013e9d87150c6237c6777bedf379ebf1acdc5d6126fec7e8bb74fb5"),
            _platform.Google.Members(list.Id));
        var job = Assert.Single(_platform.Google.Jobs(list.Id));
        Assert.Equal(("SUCCESS", false, 4, "GRANTED"), (job.Status, job.RemoveAll, job.Creates, job.AdUserData));
        var delivery = Assert.Single(Waiting.Deliveries((await _server.Get<AudienceRelay.Store.IAudienceStore>().GetSessionAsync(701, default))!));
        Assert.Equal((4, 1), (delivery.UsersSent, delivery.UsersSkipped));
        Assert.Equal(1, Waiting.Json(delivery.SkippedReasons).GetProperty("no_email_phone_or_full_address").GetInt32());
    }

    [Fact]
    public async Task A_person_Google_refuses_is_counted_skipped_with_the_reason_and_the_others_are_added()
    {
        _platform.Google.RefuseIdentifier(Expected.Sha("bad@example.com"));
        var users = Upload.Users(new { email = "good@example.com" }, new { email = "bad@example.com", phone = "+16505550000" }, new { email = "also.good@example.com" });

        var (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Partial", "custom", Upload.Batch(702, 1, 1, 3), users), "?sync=true");

        Assert.Equal(200, status);
        var delivery = Assert.Single(Waiting.Deliveries(await Waiting.ForStateAsync(_server, 702, DeliveryState.Succeeded)));
        Assert.Equal((2, 1), (delivery.UsersSent, delivery.UsersSkipped));
        Assert.Equal(1, Waiting.Json(delivery.SkippedReasons).GetProperty("rejected_invalid_sha256_format").GetInt32());
        Assert.Equal(1, Waiting.Json(delivery.PlatformCounts).GetProperty("rejected_by_google").GetInt32());
        Assert.Equal(
            Expected.Set(GoogleTestPlatform.Email("good@example.com"), GoogleTestPlatform.Email("also.good@example.com")),
            _platform.Google.Members(_platform.List("blotout_Partial").Id));
    }

    [Fact]
    public async Task An_access_token_that_expires_in_the_middle_of_a_session_is_refreshed_once_and_the_session_goes_on()
    {
        var (first, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Tokens", "custom", Upload.Batch(703, 1, 2, 2), Upload.Users(new { email = "one@example.com" })), "?sync=true");
        Assert.Equal(200, first);
        Assert.Equal(1, _platform.Google.TokensIssued);

        _platform.Google.ExpireAccessTokens();
        var (second, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Tokens", "custom", Upload.Batch(703, 2, 2, 2), Upload.Users(new { email = "two@example.com" })), "?sync=true");

        Assert.Equal(200, second);
        Assert.Equal("succeeded", Assert.Single(body.GetProperty("results").EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal(2, _platform.Google.TokensIssued);
        Assert.Equal(
            Expected.Set(GoogleTestPlatform.Email("one@example.com"), GoogleTestPlatform.Email("two@example.com")),
            _platform.Google.Members(_platform.List("blotout_Tokens").Id));
    }

    [Fact]
    public async Task Concurrent_modification_is_retried_and_the_same_job_is_run_again()
    {
        _platform.Google.Faults.Add(new AudienceRelay.Emulators.Hosting.Fault { Kind = AudienceRelay.Emulators.Hosting.FaultKind.Error, PathContains = ":run", Message = "databaseError:CONCURRENT_MODIFICATION" });

        var (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Busy", "custom", Upload.Batch(704, 1, 1, 1), Upload.Users(new { email = "busy@example.com" })), "?sync=true");

        Assert.Equal(200, status);
        var delivery = Assert.Single(Waiting.Deliveries(await Waiting.ForStateAsync(_server, 704, DeliveryState.Succeeded)));
        Assert.Equal(2, delivery.Attempts);
        var list = _platform.List("blotout_Busy");
        var job = Assert.Single(_platform.Google.Jobs(list.Id));
        Assert.Equal(("SUCCESS", 1), (job.Status, job.Creates));
        Assert.Equal(Expected.Set(GoogleTestPlatform.Email("busy@example.com")), _platform.Google.Members(list.Id));
    }

    [Fact]
    public async Task Twenty_concurrent_batches_of_a_new_audience_make_one_list_holding_everyone()
    {
        var uploads = Enumerable.Range(0, 20).Select(i => Upload.PostAsync(
            _server.Http, Upload.Form("Crowd", "custom", Upload.Batch(800 + i, 1, 1, 1), Upload.Users(new { email = $"person{i}@example.com" }))));

        var answers = await Task.WhenAll(uploads);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        for (var i = 0; i < 20; i++)
        {
            await Waiting.ForStateAsync(_server, 800 + i, DeliveryState.Succeeded, TimeSpan.FromSeconds(60));
        }

        var list = _platform.List("blotout_Crowd");
        Assert.Equal(
            Enumerable.Range(0, 20).Select(i => GoogleTestPlatform.Email($"person{i}@example.com")).ToHashSet(StringComparer.Ordinal),
            _platform.Google.Members(list.Id));
        Assert.Equal(20, _platform.Google.Jobs(list.Id).Count(j => j.Status == "SUCCESS"));
    }
}

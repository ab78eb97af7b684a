using AudienceRelay.Emulators.Meta;
using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaUsersTests
{
    [Fact]
    public async Task Add_users_stores_hashed_rows_and_reports_counts()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("adds");
        var payload = $$"""
            {"schema":["EMAIL","PHONE","FN","EXTERN_ID"],
             "data":[["{{Sha("ann@example.com")}}","{{Sha("16505551212")}}","{{Sha("ann")}}","edge-1"],
                     ["{{Sha("bob@example.com")}}","","","edge-2"]]}
            """;

        using var response = await env.UploadAsync(id, "users", payload);
        using var body = await ReadAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        var root = body.RootElement;
        Assert.Equal(id, root.GetProperty("audience_id").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("session_id").GetString()));
        Assert.Equal(2, root.GetProperty("num_received").GetInt32());
        Assert.Equal(0, root.GetProperty("num_invalid_entries").GetInt32());
        Assert.Empty(root.GetProperty("invalid_entry_samples").EnumerateObject());
        Assert.True(env.Emulator.MemberEmails(id).SetEquals([Sha("ann@example.com"), Sha("bob@example.com")]));
        var ann = Assert.Single(env.Emulator.Members(id), m => m["EXTERN_ID"] == "edge-1");
        Assert.Equal(Sha("16505551212"), ann["PHONE"]);
        Assert.False(env.Emulator.Members(id).Single(m => m["EXTERN_ID"] == "edge-2").ContainsKey("PHONE"));
    }

    [Fact]
    public async Task Adding_the_same_row_twice_keeps_one_member_and_delete_removes_it()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("dedupe");
        (await env.UploadAsync(id, "users", EmailPayload("a@example.com", "b@example.com"))).Dispose();
        (await env.UploadAsync(id, "users", EmailPayload("a@example.com"))).Dispose();
        Assert.Equal(2, env.Emulator.Members(id).Count);

        using var removed = await env.DeleteJsonAsync($"{id}/users?access_token={Token}", $$"""{"payload":{{EmailPayload("a@example.com")}}}""");
        Assert.Equal(200, (int)removed.StatusCode);
        Assert.Equal([Sha("b@example.com")], env.Emulator.MemberEmails(id));
    }

    [Fact]
    public async Task Form_fields_holding_JSON_strings_work_and_method_delete_removes()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("form");
        using var added = await env.PostFormAsync($"{id}/users", ("access_token", Token), ("payload", EmailPayload("f@example.com")));
        Assert.Equal(200, (int)added.StatusCode);
        Assert.Single(env.Emulator.MemberEmails(id));

        using var removed = await env.PostFormAsync(
            $"{id}/users", ("access_token", Token), ("method", "delete"), ("payload", EmailPayload("f@example.com")));
        Assert.Equal(200, (int)removed.StatusCode);
        Assert.Empty(env.Emulator.MemberEmails(id));
    }

    [Fact]
    public async Task Legacy_single_key_schema_takes_a_flat_list_of_hashes()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("legacy");
        using var response = await env.UploadAsync(id, "users", $$"""{"schema":"EMAIL_SHA256","data":["{{Sha("l@example.com")}}"]}""");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([Sha("l@example.com")], env.Emulator.MemberEmails(id));
    }

    [Fact]
    public async Task Unhashed_upper_case_and_empty_rows_are_counted_invalid_without_echoing_the_value()
    {
        await using var env = await StartAsync();
        var id = env.Emulator.SeedAudience(AccountId, "invalid", valueBased: true);
        var payload = $$"""
            {"schema":["EMAIL","LOOKALIKE_VALUE"],
             "data":[["plain@example.com",1],["{{Sha("u@example.com").ToUpperInvariant()}}",2],["",""],
                     ["{{Sha("ok@example.com")}}",3.5],["{{Sha("neg@example.com")}}",-1],["{{new string('z', 64)}}",1]]}
            """;

        using var response = await env.UploadAsync(id, "users", payload);
        var text = await response.Content.ReadAsStringAsync();
        using var body = await ReadAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(6, body.RootElement.GetProperty("num_received").GetInt32());
        Assert.Equal(5, body.RootElement.GetProperty("num_invalid_entries").GetInt32());
        Assert.Equal(5, body.RootElement.GetProperty("invalid_entry_samples").EnumerateObject().Count());
        Assert.DoesNotContain("plain@example.com", text, StringComparison.Ordinal);
        var member = Assert.Single(env.Emulator.Members(id));
        Assert.Equal("3.5", member["LOOKALIKE_VALUE"]);
    }

    [Theory]
    [InlineData("""{"schema":["EMAIL","SHOE_SIZE"],"data":[["",""]]}""")]
    [InlineData("""{"schema":["EMAIL","PHONE"],"data":[["only-one-cell"]]}""")]
    [InlineData("""{"schema":["EMAIL"],"data":"not-an-array"}""")]
    [InlineData("""{"schema":["EMAIL"],"data":[]}""")]
    [InlineData("""{"schema":["EMAIL","EMAIL_SHA256"],"data":[["",""]]}""")]
    [InlineData("""{"schema":["EMAIL"],"data":[[null]]}""")]
    [InlineData("""{"data":[["x"]]}""")]
    public async Task Unreadable_payloads_fail_the_request_with_100(string payload)
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("shape");
        using var response = await env.UploadAsync(id, "users", payload);
        await ReadErrorAsync(response, 100);
        Assert.Empty(env.Emulator.Members(id));
    }

    [Fact]
    public async Task Users_sessions_are_tracked_and_listed_by_the_sessions_edge()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("sessions");
        (await env.UploadAsync(id, "users", EmailPayload("1@x.io"), Session(77, 1, last: false))).Dispose();
        Assert.Single(env.Emulator.MemberEmails(id));
        Assert.Equal("uploading", Assert.Single(env.Emulator.Sessions(id)).Stage);

        (await env.UploadAsync(id, "users", EmailPayload("2@x.io", "3@x.io"), Session(77, 2, last: true))).Dispose();
        using var response = await env.GetAsync($"{id}/sessions?access_token={Token}");
        using var body = await ReadAsync(response);
        var session = Assert.Single(body.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("77", session.GetProperty("session_id").GetString());
        Assert.Equal("3", session.GetProperty("num_received").GetString());
        Assert.Equal("0", session.GetProperty("num_invalid_entries").GetString());
        Assert.Equal("processed", session.GetProperty("stage").GetString());
        Assert.Equal([1, 2], env.Emulator.Sessions(id)[0].BatchSeqs);
    }

    [Fact]
    public async Task A_just_created_audience_may_answer_803_once()
    {
        await using var env = await StartAsync(new MetaEmulatorOptions { SimulateEventualConsistency = true });
        var id = await env.CreateAudienceAsync("fresh");

        using var first = await env.UploadAsync(id, "users", EmailPayload("e@x.io"));
        await ReadErrorAsync(first, 803);
        Assert.Empty(env.Emulator.Members(id));

        using var retry = await env.UploadAsync(id, "users", EmailPayload("e@x.io"));
        Assert.Equal(200, (int)retry.StatusCode);
        Assert.Single(env.Emulator.Members(id));
    }
}

using AudienceRelay.Emulators.Meta;
using Microsoft.Extensions.Time.Testing;
using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaReplaceTests
{
    [Fact]
    public async Task Replace_swaps_members_only_when_the_last_batch_arrives()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("primary");
        (await env.UploadAsync(id, "users", EmailPayload("old1@x.io", "old2@x.io"))).Dispose();

        using var first = await env.UploadAsync(id, "usersreplace", EmailPayload("new1@x.io"), Session(4242, 1, last: false));
        using var firstBody = await ReadAsync(first);
        Assert.Equal("4242", firstBody.RootElement.GetProperty("session_id").GetString());
        Assert.True(env.Emulator.MemberEmails(id).SetEquals([Sha("old1@x.io"), Sha("old2@x.io")]));
        Assert.Equal("4242", env.Emulator.Audience(id)!.OpenReplaceSessionId);

        using var last = await env.UploadAsync(id, "usersreplace", EmailPayload("new2@x.io", "old1@x.io"), Session(4242, 2, last: true));
        Assert.Equal(200, (int)last.StatusCode);
        Assert.True(env.Emulator.MemberEmails(id).SetEquals([Sha("new1@x.io"), Sha("new2@x.io"), Sha("old1@x.io")]));
        Assert.Null(env.Emulator.Audience(id)!.OpenReplaceSessionId);
        var session = Assert.Single(env.Emulator.Sessions(id), s => s.Kind == "replace");
        Assert.Equal(("processed", 3L, true), (session.Stage, session.NumReceived, session.LastBatchFlagReceived));
    }

    [Fact]
    public async Task First_batch_of_a_replace_session_must_be_batch_seq_1()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("seq");
        using var response = await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"), Session(1, 2, last: true));
        await ReadErrorAsync(response, 2650, 1870147);
        Assert.Empty(env.Emulator.Sessions(id));
        Assert.Null(env.Emulator.Audience(id)!.OpenReplaceSessionId);
    }

    [Fact]
    public async Task Open_replace_makes_the_audience_busy_for_users_and_other_sessions()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("busy");
        (await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"), Session(10, 1, last: false))).Dispose();

        using var add = await env.UploadAsync(id, "users", EmailPayload("b@x.io"));
        await ReadErrorAsync(add, 2650, 1870145);
        using var remove = await env.DeleteJsonAsync($"{id}/users?access_token={Token}", $$"""{"payload":{{EmailPayload("a@x.io")}}}""");
        await ReadErrorAsync(remove, 2650, 1870145);
        using var other = await env.UploadAsync(id, "usersreplace", EmailPayload("c@x.io"), Session(11, 1, last: true));
        await ReadErrorAsync(other, 2650, 1870145);

        (await env.UploadAsync(id, "usersreplace", EmailPayload("d@x.io"), Session(10, 2, last: true))).Dispose();
        using var after = await env.UploadAsync(id, "users", EmailPayload("b@x.io"));
        Assert.Equal(200, (int)after.StatusCode);
        Assert.True(env.Emulator.MemberEmails(id).SetEquals([Sha("a@x.io"), Sha("d@x.io"), Sha("b@x.io")]));
    }

    [Fact]
    public async Task A_repeated_batch_is_answered_again_and_a_gap_is_rejected()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("retry");
        (await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"), Session(5, 1, last: false))).Dispose();

        using var repeated = await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"), Session(5, 1, last: false));
        using var repeatedBody = await ReadAsync(repeated);
        Assert.Equal(1, repeatedBody.RootElement.GetProperty("num_received").GetInt32());
        Assert.Equal(1, env.Emulator.Sessions(id).Single().NumReceived);

        using var gap = await env.UploadAsync(id, "usersreplace", EmailPayload("b@x.io"), Session(5, 3, last: true));
        await ReadErrorAsync(gap, 2650);
        Assert.Equal("5", env.Emulator.Audience(id)!.OpenReplaceSessionId);

        (await env.UploadAsync(id, "usersreplace", EmailPayload("b@x.io"), Session(5, 2, last: true))).Dispose();
        using var lateRetry = await env.UploadAsync(id, "usersreplace", EmailPayload("b@x.io"), Session(5, 2, last: true));
        Assert.Equal(200, (int)lateRetry.StatusCode);
        using var beyond = await env.UploadAsync(id, "usersreplace", EmailPayload("c@x.io"), Session(5, 3, last: true));
        await ReadErrorAsync(beyond, 2650);
        Assert.True(env.Emulator.MemberEmails(id).SetEquals([Sha("a@x.io"), Sha("b@x.io")]));
    }

    [Fact]
    public async Task Replace_without_a_session_or_with_a_bad_one_is_error_100()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("nosession");
        using var missing = await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"));
        await ReadErrorAsync(missing, 100);
        using var textId = await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"), """{"session_id":"abc","batch_seq":1,"last_batch_flag":true}""");
        await ReadErrorAsync(textId, 100);
        using var noFlag = await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"), """{"session_id":9,"batch_seq":1}""");
        await ReadErrorAsync(noFlag, 100);
    }

    [Fact]
    public async Task An_abandoned_replace_session_expires_and_keeps_the_old_members()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var env = await StartAsync(new MetaEmulatorOptions { Time = clock, ReplaceSessionTimeout = TimeSpan.FromMinutes(90) });
        var id = await env.CreateAudienceAsync("abandoned");
        (await env.UploadAsync(id, "users", EmailPayload("old@x.io"))).Dispose();
        (await env.UploadAsync(id, "usersreplace", EmailPayload("new@x.io"), Session(3, 1, last: false))).Dispose();

        clock.Advance(TimeSpan.FromMinutes(89));
        using var stillBusy = await env.UploadAsync(id, "users", EmailPayload("x@x.io"));
        await ReadErrorAsync(stillBusy, 2650, 1870145);

        clock.Advance(TimeSpan.FromMinutes(2));
        using var free = await env.UploadAsync(id, "users", EmailPayload("x@x.io"));
        Assert.Equal(200, (int)free.StatusCode);
        Assert.True(env.Emulator.MemberEmails(id).SetEquals([Sha("old@x.io"), Sha("x@x.io")]));
        Assert.Equal("expired", env.Emulator.Sessions(id).Single(s => s.Kind == "replace").Stage);
    }
}

using AudienceRelay.Emulators.Meta;
using Microsoft.Extensions.Time.Testing;
using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaIdentityRulesTests
{
    [Fact]
    public async Task An_emulator_started_again_never_hands_out_an_audience_id_of_its_previous_run()
    {
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        await using (var first = await StartAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                earlier.Add(await first.CreateAudienceAsync($"a{i}"));
            }
        }

        await using var second = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.DoesNotContain(await second.CreateAudienceAsync($"a{i}"), earlier);
        }
    }

    [Fact]
    public async Task A_session_id_is_unique_within_the_ad_account()
    {
        await using var env = await StartAsync();
        var one = await env.CreateAudienceAsync("one");
        var two = await env.CreateAudienceAsync("two");
        (await env.UploadAsync(one, "users", EmailPayload("a@x.io"), Session(77, 1, last: true))).Dispose();

        using var clash = await env.UploadAsync(two, "users", EmailPayload("b@x.io"), Session(77, 1, last: true));

        await ReadErrorAsync(clash, 2650, null);
        Assert.Empty(env.Emulator.MemberEmails(two));
    }

    [Fact]
    public async Task A_batch_of_a_replace_that_timed_out_is_answered_as_a_session_Meta_does_not_know()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var env = await StartAsync(new MetaEmulatorOptions { Time = clock });
        var id = await env.CreateAudienceAsync("slow");
        (await env.UploadAsync(id, "usersreplace", EmailPayload("a@x.io"), Session(9, 1, last: false))).Dispose();
        clock.Advance(TimeSpan.FromMinutes(91));

        using var late = await env.UploadAsync(id, "usersreplace", EmailPayload("b@x.io"), Session(9, 2, last: true));

        await ReadErrorAsync(late, 2650, 1870147);
        Assert.Equal("expired", Assert.Single(env.Emulator.Sessions(id)).Stage);
    }
}

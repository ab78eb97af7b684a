using System.Net;
using System.Text.Json;
using AudienceRelay.Emulators.Klaviyo;
using static AudienceRelay.Emulators.Tests.Klaviyo.KlaviyoTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

public sealed class KlaviyoMembershipTests
{
    private static string Filter(string expression) => "filter=" + Uri.EscapeDataString(expression);

    private static string Identifiers(IEnumerable<string> ids) =>
        $$"""{"data":[{{string.Join(",", ids.Select(id => $$"""{"type":"profile","id":"{{id}}"}"""))}}]}""";

    private static async Task<(KlaviyoTestEnvironment Env, string List, List<string> Ids)> WithMembersAsync(int count, KlaviyoEmulatorOptions? options = null)
    {
        var env = await StartAsync(options);
        var list = await env.CreateListAsync("vip");
        await env.ImportAsync(list, [.. Enumerable.Range(0, count).Select(i => Profile(email: $"user{i}@example.com", phone: $"+1500555000{i}"))]);
        return (env, list, [.. env.Emulator.ListMembers(list).Select(m => m.Id)]);
    }

    [Fact]
    public async Task Member_ids_page_with_a_cursor_in_links_next()
    {
        var (env, list, ids) = await WithMembersAsync(5);
        await using var _ = env;

        var seen = new List<string>();
        string? next = $"lists/{list}/relationships/profiles?page[size]=2";
        var pages = 0;
        while (next is not null)
        {
            var reply = await env.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            seen.AddRange(reply.Data.EnumerateArray().Select(p => Assert.IsType<string>(p.GetProperty("id").GetString())));
            Assert.All(reply.Data.EnumerateArray(), p => Assert.Equal("profile", p.GetProperty("type").GetString()));
            var link = reply.Body.GetProperty("links").GetProperty("next");
            next = link.ValueKind == JsonValueKind.Null ? null : link.GetString();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("page[size]=101")]
    [InlineData("page[size]=abc")]
    public async Task Member_pages_are_at_most_100(string query)
    {
        var (env, list, _) = await WithMembersAsync(1);
        await using var __ = env;

        var ids = await env.GetAsync($"lists/{list}/relationships/profiles?{query}");
        var profiles = await env.GetAsync($"lists/{list}/profiles?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, ids.Status);
        Assert.Equal(HttpStatusCode.BadRequest, profiles.Status);
    }

    [Fact]
    public async Task List_profiles_filter_by_email_and_phone()
    {
        var (env, list, _) = await WithMembersAsync(4);
        await using var __ = env;

        var any = await env.GetAsync($"lists/{list}/profiles?" + Filter("any(email,[\"user1@example.com\",\"USER3@example.com\",\"nobody@example.com\"])"));
        var equals = await env.GetAsync($"lists/{list}/profiles?" + Filter("equals(phone_number,\"+15005550002\")"));

        Assert.Equal(["user1@example.com", "user3@example.com"], any.Data.EnumerateArray().Select(p => p.GetProperty("attributes").GetProperty("email").GetString()));
        var match = Assert.Single(equals.Data.EnumerateArray());
        Assert.Equal("user2@example.com", match.GetProperty("attributes").GetProperty("email").GetString());
        Assert.False(string.IsNullOrEmpty(match.GetProperty("attributes").GetProperty("joined_group_at").GetString()));
    }

    [Fact]
    public async Task List_profiles_cannot_filter_on_external_id_but_profiles_can()
    {
        await using var env = await StartAsync();
        var list = await env.CreateListAsync("vip");
        await env.ImportAsync(list, Profile(externalId: "edge-1"), Profile(externalId: "edge-2"));

        var onList = await env.GetAsync($"lists/{list}/profiles?" + Filter("equals(external_id,\"edge-1\")"));
        var onProfiles = await env.GetAsync("profiles?" + Filter("any(external_id,[\"edge-2\"])"));

        Assert.Equal(HttpStatusCode.BadRequest, onList.Status);
        Assert.Equal("edge-2", Assert.Single(onProfiles.Data.EnumerateArray()).GetProperty("attributes").GetProperty("external_id").GetString());
    }

    [Fact]
    public async Task Delete_then_post_relationships_remove_and_re_add_members_with_204()
    {
        var (env, list, ids) = await WithMembersAsync(3);
        await using var _ = env;

        var removed = await env.SendAsync(HttpMethod.Delete, $"lists/{list}/relationships/profiles", Identifiers(ids[..2]));
        var afterRemove = env.Emulator.ListMembers(list).Select(m => m.Id).ToList();
        var added = await env.SendAsync(HttpMethod.Post, $"lists/{list}/relationships/profiles", Identifiers([ids[0]]));

        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Equal([ids[2]], afterRemove);
        Assert.Equal(HttpStatusCode.NoContent, added.Status);
        Assert.Equal([ids[2], ids[0]], env.Emulator.ListMembers(list).Select(m => m.Id));
    }

    [Fact]
    public async Task More_ids_than_the_limit_is_400_and_changes_nothing()
    {
        var (env, list, ids) = await WithMembersAsync(3, new() { MaxRelationshipIds = 2 });
        await using var _ = env;

        var reply = await env.SendAsync(HttpMethod.Delete, $"lists/{list}/relationships/profiles", Identifiers(ids));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(3, env.Emulator.ListMembers(list).Count);
    }

    [Fact]
    public async Task The_default_id_limit_is_1000()
    {
        var (env, list, ids) = await WithMembersAsync(1);
        await using var _ = env;

        var reply = await env.SendAsync(HttpMethod.Delete, $"lists/{list}/relationships/profiles", Identifiers(Enumerable.Repeat(ids[0], 1_001)));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Single(env.Emulator.ListMembers(list));
    }

    [Theory]
    [InlineData("""{"data":[{"type":"profile","id":"01NOSUCHPROFILE0000000000X"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"data":[{"type":"list","id":"x"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"data":[]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"data":{"type":"profile","id":"x"}}""", HttpStatusCode.BadRequest)]
    public async Task Bad_relationship_bodies_are_rejected(string json, HttpStatusCode expected)
    {
        var (env, list, _) = await WithMembersAsync(1);
        await using var __ = env;

        var reply = await env.SendAsync(HttpMethod.Post, $"lists/{list}/relationships/profiles", json);

        Assert.Equal(expected, reply.Status);
        Assert.Single(env.Emulator.ListMembers(list));
    }

    [Fact]
    public async Task Relationships_of_an_unknown_list_are_404()
    {
        var (env, _, ids) = await WithMembersAsync(1);
        await using var __ = env;

        var get = await env.GetAsync("lists/NoSuch/relationships/profiles");
        var post = await env.SendAsync(HttpMethod.Post, "lists/NoSuch/relationships/profiles", Identifiers(ids));
        var profiles = await env.GetAsync("lists/NoSuch/profiles");

        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Equal(HttpStatusCode.NotFound, post.Status);
        Assert.Equal(HttpStatusCode.NotFound, profiles.Status);
    }
}

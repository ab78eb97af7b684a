using System.Net;
using System.Text.Json;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

public sealed class KlaviyoListTests
{
    [Fact]
    public async Task Create_answers_201_with_a_six_character_id_and_get_finds_it()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var created = await env.PostAsync("lists", """{"data":{"type":"list","attributes":{"name":"blotout_vip"}}}""");
        var id = created.Data.GetProperty("id").GetString()!;
        var fetched = await env.GetAsync($"lists/{id}");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("list", created.Data.GetProperty("type").GetString());
        Assert.Matches("^[A-Za-z0-9]{6}$", id);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(id, fetched.Data.GetProperty("id").GetString());
        Assert.Equal("blotout_vip", fetched.Data.GetProperty("attributes").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Json_api_media_type_and_trailing_slashes_are_accepted()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var created = await env.SendAsync(HttpMethod.Post, "lists/", """{"data":{"type":"list","attributes":{"name":"x"}}}""", contentType: "application/vnd.api+json");
        var fetched = await env.GetAsync($"lists/{created.Data.GetProperty("id").GetString()}/");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
    }

    [Fact]
    public async Task Get_of_an_unknown_list_is_404_not_found()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.GetAsync("lists/AbC123");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("not_found", reply.ErrorCode);
    }

    [Theory]
    [InlineData("""{"data":{"type":"list","attributes":{}}}""", "/data/attributes/name")]
    [InlineData("""{"data":{"type":"segment","attributes":{"name":"x"}}}""", "/data/type")]
    [InlineData("""{"data":{"type":"list","attributes":{"name":"x","colour":"red"}}}""", "/data/attributes/colour")]
    [InlineData("""{"type":"list","attributes":{"name":"x"}}""", "/data")]
    [InlineData("""{"data":""", "/data")]
    public async Task Create_with_a_bad_body_is_400_pointing_at_the_field(string json, string expectedPointer)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.PostAsync("lists", json);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(expectedPointer, reply.Error.GetProperty("source").GetProperty("pointer").GetString());
        Assert.Empty(env.Emulator.Lists(KlaviyoTestEnvironment.Key));
    }

    [Fact]
    public async Task Create_with_a_non_json_content_type_is_415()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.SendAsync(HttpMethod.Post, "lists", """{"data":{"type":"list","attributes":{"name":"x"}}}""", contentType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
    }

    [Theory]
    [InlineData("equals(name,\"blotout_vip\")", new[] { "blotout_vip" })]
    [InlineData("equals(name,'blotout_vip')", new[] { "blotout_vip" })]
    [InlineData("any(name,[\"blotout_vip\",\"other\"])", new[] { "blotout_vip", "other" })]
    [InlineData("equals(name,\"BLOTOUT_VIP\")", new string[0])]
    public async Task Filter_by_name_finds_exact_matches(string filter, string[] expected)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        await env.CreateListAsync("blotout_vip");
        await env.CreateListAsync("other");
        await env.CreateListAsync("blotout_vip_2");

        var reply = await env.GetAsync("lists?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(expected, reply.Data.EnumerateArray().Select(l => l.GetProperty("attributes").GetProperty("name").GetString()).ToArray());
    }

    [Fact]
    public async Task Filter_by_id_finds_the_list()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        var id = await env.CreateListAsync("a");
        await env.CreateListAsync("b");

        var reply = await env.GetAsync("lists?filter=" + Uri.EscapeDataString($"equals(id,\"{id}\")"));

        Assert.Equal(id, Assert.Single(reply.Data.EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("equals(name,blotout_vip)")]
    [InlineData("equals(name,\"x\"")]
    [InlineData("contains(name,\"x\")")]
    [InlineData("equals(colour,\"x\")")]
    [InlineData("any(name,\"x\")")]
    [InlineData("equals(name,\"x\")garbage")]
    public async Task A_malformed_or_unsupported_filter_is_400_on_the_filter_parameter(string filter)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.GetAsync("lists?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("filter", reply.Error.GetProperty("source").GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Lists_page_by_ten_and_links_next_leads_to_the_rest()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        var created = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            created.Add(await env.CreateListAsync($"list_{i}"));
        }

        var first = await env.GetAsync("lists");
        var next = first.Body.GetProperty("links").GetProperty("next").GetString()!;
        var second = await env.GetAsync(next);

        Assert.Equal(10, first.Data.GetArrayLength());
        Assert.StartsWith(env.Host.UrlFor("klaviyo") + "/api/lists", next, StringComparison.Ordinal);
        Assert.Equal(2, second.Data.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.Body.GetProperty("links").GetProperty("next").ValueKind);
        Assert.Equal(created, first.Data.EnumerateArray().Concat(second.Data.EnumerateArray()).Select(l => l.GetProperty("id").GetString()!));
    }

    [Theory]
    [InlineData("page[size]=11")]
    [InlineData("page[size]=0")]
    [InlineData("page[cursor]=not-a-cursor")]
    public async Task Paging_out_of_bounds_is_400(string query)
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();

        var reply = await env.GetAsync("lists?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task The_daily_list_creation_cap_answers_a_distinct_429_until_the_next_day()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync(new() { DailyListCreationLimit = 2 });
        await env.CreateListAsync("one");
        await env.CreateListAsync("two");

        var capped = await env.PostAsync("lists", """{"data":{"type":"list","attributes":{"name":"three"}}}""");
        env.Time.Advance(TimeSpan.FromHours(12));
        var nextDay = await env.PostAsync("lists", """{"data":{"type":"list","attributes":{"name":"three"}}}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, capped.Status);
        Assert.Equal("throttled", capped.ErrorCode);
        Assert.Contains("daily list creation limit", capped.Error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(((int)TimeSpan.FromHours(12).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), capped.Header("Retry-After"));
        Assert.Null(capped.Header("RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.Created, nextDay.Status);
        Assert.Equal(3, env.Emulator.Lists(KlaviyoTestEnvironment.Key).Count);
    }

    [Fact]
    public async Task The_default_daily_cap_is_150()
    {
        await using var env = await KlaviyoTestEnvironment.StartAsync();
        for (var i = 0; i < 150; i++)
        {
            await env.CreateListAsync($"l{i}");
        }

        var capped = await env.PostAsync("lists", """{"data":{"type":"list","attributes":{"name":"one_too_many"}}}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, capped.Status);
    }
}

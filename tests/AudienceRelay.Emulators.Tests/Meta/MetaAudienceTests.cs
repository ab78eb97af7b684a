using System.Text.Json;
using AudienceRelay.Emulators.Meta;
using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaAudienceTests
{
    private const string Edge = $"act_{AccountId}/customaudiences";

    [Fact]
    public async Task Create_with_a_JSON_body_returns_a_numeric_id_and_stores_the_fields()
    {
        await using var env = await StartAsync();
        using var response = await env.PostJsonAsync(
            $"{Edge}?access_token={Token}",
            """{"name":"vip","subtype":"CUSTOM","description":"best buyers","customer_file_source":"BOTH_USER_AND_PARTNER_PROVIDED"}""");
        using var body = await ReadAsync(response);

        var id = body.RootElement.GetProperty("id").GetString()!;
        Assert.True(id.All(char.IsAsciiDigit));
        var stored = Assert.Single(env.Emulator.Audiences(AccountId));
        Assert.Equal(
            (id, "vip", "best buyers", "CUSTOM", "BOTH_USER_AND_PARTNER_PROVIDED", 200),
            (stored.Id, stored.Name, stored.Description, stored.Subtype, stored.CustomerFileSource, stored.OperationStatusCode));
    }

    [Fact]
    public async Task Duplicate_names_create_two_audiences()
    {
        await using var env = await StartAsync();
        var first = await env.CreateAudienceAsync("same");
        var second = await env.CreateAudienceAsync("same");
        Assert.NotEqual(first, second);
        Assert.Equal(2, env.Emulator.Audiences(AccountId).Count(a => a.Name == "same"));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("subtype")]
    [InlineData("customer_file_source")]
    public async Task Create_without_a_required_field_is_error_100(string missing)
    {
        await using var env = await StartAsync();
        var fields = new List<(string, string)> { ("name", "x"), ("subtype", "CUSTOM"), ("customer_file_source", "USER_PROVIDED_ONLY") };
        fields.RemoveAll(f => f.Item1 == missing);
        using var response = await env.PostFormAsync($"{Edge}?access_token={Token}", [.. fields]);
        await ReadErrorAsync(response, 100);
        Assert.Empty(env.Emulator.Audiences(AccountId));
    }

    [Fact]
    public async Task Create_with_an_unknown_customer_file_source_is_error_100()
    {
        await using var env = await StartAsync();
        using var response = await env.PostFormAsync(
            $"{Edge}?access_token={Token}", ("name", "x"), ("subtype", "CUSTOM"), ("customer_file_source", "FROM_A_FRIEND"));
        await ReadErrorAsync(response, 100);
    }

    [Fact]
    public async Task List_pages_with_cursors_and_an_absolute_next_link_until_the_last_page()
    {
        await using var env = await StartAsync();
        var created = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await env.CreateAudienceAsync($"aud-{i}"));
        }

        var seen = new List<string>();
        var pages = 0;
        string? next = $"{env.Http.BaseAddress}{Edge}?fields=id,name,operation_status&limit=3&access_token={Token}";
        while (next is not null)
        {
            Assert.StartsWith("http://127.0.0.1:", next, StringComparison.Ordinal);
            using var response = await env.Http.GetAsync(new Uri(next));
            using var body = await ReadAsync(response);
            var page = body.RootElement;
            foreach (var item in page.GetProperty("data").EnumerateArray())
            {
                seen.Add(item.GetProperty("id").GetString()!);
                Assert.StartsWith("aud-", item.GetProperty("name").GetString(), StringComparison.Ordinal);
                Assert.Equal(200, item.GetProperty("operation_status").GetProperty("code").GetInt32());
            }

            var paging = page.GetProperty("paging");
            Assert.False(string.IsNullOrEmpty(paging.GetProperty("cursors").GetProperty("after").GetString()));
            next = paging.TryGetProperty("next", out var link) ? link.GetString() : null;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Count);
        Assert.True(created.SetEquals(seen));
    }

    [Fact]
    public async Task List_without_fields_returns_only_ids_and_caps_the_limit()
    {
        await using var env = await StartAsync(new MetaEmulatorOptions { DefaultPageSize = 2, MaxPageSize = 3 });
        for (var i = 0; i < 4; i++)
        {
            env.Emulator.SeedAudience(AccountId, $"a{i}");
        }

        using var defaults = await env.GetAsync($"{Edge}?access_token={Token}");
        using var defaultBody = await ReadAsync(defaults);
        var first = defaultBody.RootElement.GetProperty("data");
        Assert.Equal(2, first.GetArrayLength());
        Assert.Equal(["id"], first[0].EnumerateObject().Select(p => p.Name));

        using var capped = await env.GetAsync($"{Edge}?limit=200&access_token={Token}");
        using var cappedBody = await ReadAsync(capped);
        Assert.Equal(3, cappedBody.RootElement.GetProperty("data").GetArrayLength());
        Assert.True(cappedBody.RootElement.GetProperty("paging").TryGetProperty("next", out _));
    }

    [Fact]
    public async Task Read_one_returns_the_requested_fields_and_rejects_unknown_ones()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("reader");

        using var response = await env.GetAsync($"{id}?fields=id,name,subtype,customer_file_source&access_token={Token}");
        using var body = await ReadAsync(response);
        Assert.Equal(
            $$"""{"id":"{{id}}","name":"reader","subtype":"CUSTOM","customer_file_source":"USER_PROVIDED_ONLY"}""",
            JsonSerializer.Serialize(body.RootElement));

        using var unknown = await env.GetAsync($"{id}?fields=id,favourite_colour&access_token={Token}");
        await ReadErrorAsync(unknown, 100);

        using var missing = await env.GetAsync($"99999?fields=id&access_token={Token}");
        await ReadErrorAsync(missing, 100, 33);
    }

    [Fact]
    public async Task Delete_removes_the_audience()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("gone");
        using var response = await env.Http.DeleteAsync($"{id}?access_token={Token}");
        using var body = await ReadAsync(response);
        Assert.True(body.RootElement.GetProperty("success").GetBoolean());
        Assert.Null(env.Emulator.Audience(id));
    }
}

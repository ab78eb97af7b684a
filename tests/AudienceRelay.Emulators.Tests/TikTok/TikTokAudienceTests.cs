namespace AudienceRelay.Emulators.Tests.TikTok;

public sealed class TikTokAudienceTests
{
    private const string A = TikTokTestEnvironment.Advertiser;

    [Fact]
    public async Task Create_returns_a_numeric_id_and_duplicate_names_get_new_ids()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        var first = await env.CreateAudienceAsync("blotout_vip");
        var second = await env.CreateAudienceAsync("blotout_vip");

        Assert.True(long.TryParse(first, out _));
        Assert.NotEqual(first, second);
        var audiences = env.Emulator.Audiences(A);
        Assert.Equal(2, audiences.Count);
        Assert.All(audiences, a => Assert.Equal("blotout_vip", a.Name));
    }

    [Theory]
    [InlineData($$"""{"advertiser_id":"{{A}}","action":"create"}""", "custom_audience_name")]
    [InlineData($$"""{"custom_audience_name":"x","action":"create"}""", "advertiser_id")]
    [InlineData($$"""{"custom_audience_name":"x","advertiser_id":"{{A}}"}""", "action")]
    [InlineData($$"""{"custom_audience_name":"x","advertiser_id":"{{A}}","action":"delete"}""", "action")]
    [InlineData($$"""{"custom_audience_name":"","advertiser_id":"{{A}}","action":"create"}""", "custom_audience_name")]
    public async Task Create_with_a_missing_or_wrong_field_is_code_40002_naming_it(string json, string field)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        var body = await env.PostAsync("segment/audience/", json);

        Assert.Equal(40002, TikTokTestEnvironment.Code(body));
        Assert.StartsWith(field, TikTokTestEnvironment.Message(body), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Audiences(A));
    }

    [Fact]
    public async Task Create_rejects_a_name_over_the_length_limit()
    {
        await using var env = await TikTokTestEnvironment.StartAsync(new() { MaxAudienceNameLength = 5 });

        var body = await env.PostAsync("segment/audience/", $$"""{"custom_audience_name":"123456","advertiser_id":"{{A}}","action":"create"}""");

        Assert.Equal(40002, TikTokTestEnvironment.Code(body));
    }

    [Theory]
    [InlineData("text/plain", "{}")]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", "[1,2]")]
    public async Task Non_json_body_is_a_parameter_error(string contentType, string content)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "segment/audience/") { Content = new StringContent(content, System.Text.Encoding.UTF8, contentType) };
        request.Headers.Add("Access-Token", TikTokTestEnvironment.Token);

        using var response = await env.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"code\":40000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_pages_newest_first_with_page_info()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await env.CreateAudienceAsync($"aud_{i}"));
        }

        await env.CreateAudienceAsync("other_advertisers", TikTokTestEnvironment.OtherAdvertiser, TikTokTestEnvironment.OtherToken);

        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var body = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={A}&page={page}&page_size=2");
            var data = body.GetProperty("data");
            var info = data.GetProperty("page_info");
            Assert.Equal(page, info.GetProperty("page").GetInt32());
            Assert.Equal(2, info.GetProperty("page_size").GetInt32());
            Assert.Equal(5, info.GetProperty("total_number").GetInt32());
            Assert.Equal(3, info.GetProperty("total_page").GetInt32());
            seen.AddRange(data.GetProperty("list").EnumerateArray().Select(a => a.GetProperty("audience_id").GetString()!));
        }

        ids.Reverse();
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task List_items_carry_the_name()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var id = await env.CreateAudienceAsync("blotout_vip");

        var body = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={A}&page=1&page_size=100");

        var item = Assert.Single(body.GetProperty("data").GetProperty("list").EnumerateArray());
        Assert.Equal(id, item.GetProperty("audience_id").GetString());
        Assert.Equal("blotout_vip", item.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("page_size=101")]
    [InlineData("page_size=0")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    public async Task List_rejects_paging_out_of_bounds(string query)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        var body = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={A}&{query}");

        Assert.Equal(40002, TikTokTestEnvironment.Code(body));
    }

    [Fact]
    public async Task Get_finds_an_audience_by_id_and_40007_for_an_unknown_one()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var id = await env.CreateAudienceAsync("blotout_vip");

        var found = await env.GetAsync($"dmp/custom_audience/get/?advertiser_id={A}&custom_audience_ids=" + Uri.EscapeDataString($"[\"{id}\"]"));
        var missing = await env.GetAsync($"dmp/custom_audience/get/?advertiser_id={A}&custom_audience_ids=" + Uri.EscapeDataString("[\"1\"]"));

        var details = Assert.Single(found.GetProperty("data").GetProperty("list").EnumerateArray()).GetProperty("audience_details");
        Assert.Equal(id, details.GetProperty("audience_id").GetString());
        Assert.Equal(40007, TikTokTestEnvironment.Code(missing));
    }

    [Fact]
    public async Task Parallel_creates_and_mappings_are_all_kept()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => env.CreateAudienceAsync($"aud_{i}")));
        var hashes = Enumerable.Range(0, 20).Select(i => TikTokTestEnvironment.Sha256($"user{i}@example.com")).ToArray();
        var codes = await Task.WhenAll(hashes.Select(h => env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", ids[0], h))));

        Assert.Equal(20, ids.Distinct().Count());
        Assert.All(codes, c => Assert.Equal(0, TikTokTestEnvironment.Code(c)));
        Assert.Equal(hashes.ToHashSet(), env.Emulator.Members(ids[0], "EMAIL_SHA256"));
    }
}

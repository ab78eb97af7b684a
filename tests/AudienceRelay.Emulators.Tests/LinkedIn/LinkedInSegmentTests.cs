namespace AudienceRelay.Emulators.Tests.LinkedIn;

public sealed class LinkedInSegmentTests
{
    [Fact]
    public async Task A_created_segment_has_its_id_in_both_headers_and_is_found_by_source_segment_id()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var first = await env.CreateSegmentAsync("blotout_a");
        await env.CreateSegmentAsync("blotout_b");

        var (status, body, _) = await env.SendAsync(
            HttpMethod.Get, $"rest/dmpSegments?q=account&account=urn%3Ali%3AsponsoredAccount%3A{LinkedInTestEnvironment.Account}&sourcePlatform=TESTS&sourceSegmentId=blotout_a&start=0&count=10");

        Assert.Equal(200, status);
        var element = Assert.Single(body.GetProperty("elements").EnumerateArray());
        Assert.Equal(long.Parse(first, System.Globalization.CultureInfo.InvariantCulture), element.GetProperty("id").GetInt64());
        Assert.Equal("USER", element.GetProperty("type").GetString());
        Assert.Equal(1, body.GetProperty("paging").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_finder_pages_with_start_and_count_and_refuses_a_count_over_the_maximum()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await env.CreateSegmentAsync(name);
        }

        var account = $"rest/dmpSegments?q=account&account=urn%3Ali%3AsponsoredAccount%3A{LinkedInTestEnvironment.Account}";
        var second = await env.SendAsync(HttpMethod.Get, account + "&start=2&count=2");
        var tooMany = await env.SendAsync(HttpMethod.Get, account + "&start=0&count=101");

        Assert.Equal("c", Assert.Single(second.Body.GetProperty("elements").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(3, second.Body.GetProperty("paging").GetProperty("total").GetInt32());
        Assert.Equal(400, tooMany.Status);
    }

    [Theory]
    [InlineData("""{"name":"x","account":"urn:li:sponsoredAccount:510000077","type":"USER","destinations":[{"destination":"LINKEDIN"}]}""", "sourcePlatform")]
    [InlineData("""{"name":"x","sourcePlatform":"TESTS","account":"510000077","type":"USER","destinations":[{"destination":"LINKEDIN"}]}""", "account")]
    [InlineData("""{"name":"x","sourcePlatform":"TESTS","account":"urn:li:sponsoredAccount:510000077","type":"PEOPLE","destinations":[{"destination":"LINKEDIN"}]}""", "type")]
    [InlineData("""{"name":"x","sourcePlatform":"TESTS","account":"urn:li:sponsoredAccount:510000077","type":"USER"}""", "destinations")]
    public async Task A_create_without_a_documented_field_is_refused_naming_it(string json, string field)
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();

        var (status, body, _) = await env.SendAsync(HttpMethod.Post, "rest/dmpSegments", json);

        Assert.Equal(422, status);
        Assert.StartsWith(field, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Segments(LinkedInTestEnvironment.Account));
    }

    [Fact]
    public async Task A_segment_of_another_account_cannot_be_created_or_read()
    {
        await using var env = await LinkedInTestEnvironment.StartAsync();
        var theirs = await env.CreateSegmentAsync("theirs", LinkedInTestEnvironment.OtherAccount, LinkedInTestEnvironment.OtherToken);

        var create = await env.SendAsync(HttpMethod.Post, "rest/dmpSegments", LinkedInTestEnvironment.SegmentBody("x", LinkedInTestEnvironment.OtherAccount));
        var get = await env.SendAsync(HttpMethod.Get, $"rest/dmpSegments/{theirs}");
        var missing = await env.SendAsync(HttpMethod.Get, "rest/dmpSegments/1");

        Assert.Equal(403, create.Status);
        Assert.Equal(403, get.Status);
        Assert.Equal(404, missing.Status);
    }
}

namespace AudienceRelay.Emulators.Tests.TikTok;

public sealed class TikTokMappingTests
{
    private const string A = TikTokTestEnvironment.Advertiser;
    private static readonly string Alice = TikTokTestEnvironment.Sha256("alice@example.com");
    private static readonly string Bob = TikTokTestEnvironment.Sha256("bob@example.com");
    private static readonly string BobPhone = TikTokTestEnvironment.Sha256("15005550006");

    [Fact]
    public async Task Add_then_delete_changes_the_members()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = await env.CreateAudienceAsync("vip");

        var added = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audience, Alice, Bob));
        var afterAdd = env.Emulator.Members(audience, "EMAIL_SHA256");
        var deleted = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("delete", audience, Alice));

        Assert.Equal(0, TikTokTestEnvironment.Code(added));
        Assert.Equal(0, TikTokTestEnvironment.Code(deleted));
        Assert.Equal(new HashSet<string> { Alice, Bob }, afterAdd);
        Assert.Equal(new HashSet<string> { Bob }, env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task Rows_align_with_id_schema_and_an_empty_object_marks_a_missing_id()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = await env.CreateAudienceAsync("vip");
        var json = $$"""
            {"advertiser_ids":["{{A}}"],"action":"add","id_schema":["EMAIL_SHA256","PHONE_SHA256"],
             "batch_data":[[{"id":"{{Alice}}","audience_ids":["{{audience}}"]},{}],
                           [{"id":"{{Bob}}","audience_ids":["{{audience}}"]},{"id":"{{BobPhone}}","audience_ids":["{{audience}}"]}]]}
            """;

        var body = await env.PostAsync("segment/mapping/", json);

        Assert.Equal(0, TikTokTestEnvironment.Code(body));
        Assert.Equal(new HashSet<string> { Alice, Bob }, env.Emulator.Members(audience, "EMAIL_SHA256"));
        Assert.Equal(new HashSet<string> { BobPhone }, env.Emulator.Members(audience, "PHONE_SHA256"));
        Assert.Equal(3, Assert.Single(env.Emulator.Audiences(A)).MemberCount);
    }

    [Fact]
    public async Task Md5_device_ids_need_32_hex_characters()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = await env.CreateAudienceAsync("vip");
        var md5 = TikTokTestEnvironment.Md5Shaped("6d92078a-8246-4ba4-ae5b-76104861e7dc");
        string Body(string id) => $$"""{"advertiser_ids":["{{A}}"],"action":"add","id_schema":["IDFA_MD5"],"batch_data":[[{"id":"{{id}}","audience_ids":["{{audience}}"]}]]}""";

        var ok = await env.PostAsync("segment/mapping/", Body(md5));
        var sha = await env.PostAsync("segment/mapping/", Body(Alice));

        Assert.Equal(0, TikTokTestEnvironment.Code(ok));
        Assert.Equal(40002, TikTokTestEnvironment.Code(sha));
        Assert.Equal(new HashSet<string> { md5 }, env.Emulator.Members(audience, "IDFA_MD5"));
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("short")]
    [InlineData("raw")]
    public async Task A_bad_hash_is_code_40002_and_nothing_of_the_call_is_applied(string kind)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = await env.CreateAudienceAsync("vip");
        var bad = kind switch
        {
            "upper" => Bob.ToUpperInvariant(),
            "short" => Bob[..63],
            _ => "bob@example.com",
        };

        var body = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audience, Alice, bad));

        Assert.Equal(40002, TikTokTestEnvironment.Code(body));
        Assert.Contains("batch_data[1][0].id", TikTokTestEnvironment.Message(body), StringComparison.Ordinal);
        Assert.DoesNotContain("bob", TikTokTestEnvironment.Message(body), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Theory]
    [InlineData("""[[{"id":"ALICE","audience_ids":["AUD"]}]]""", """["EMAIL_SHA256","PHONE_SHA256"]""")]
    [InlineData("""[[{"id":"ALICE","audience_ids":["AUD"]},{},{}]]""", """["EMAIL_SHA256","PHONE_SHA256"]""")]
    [InlineData("""[[{"id":"ALICE","audience_ids":["AUD"]}]]""", """["EMAIL"]""")]
    [InlineData("""[[{"id":"ALICE","audience_ids":["AUD"]}]]""", """["EMAIL_SHA256","EMAIL_SHA256"]""")]
    [InlineData("""[[{"id":"ALICE","audience_ids":["AUD"]}]]""", """[]""")]
    [InlineData("""[[{"id":"ALICE"}]]""", """["EMAIL_SHA256"]""")]
    [InlineData("""[[{"id":"ALICE","audience_ids":[]}]]""", """["EMAIL_SHA256"]""")]
    [InlineData("""[["ALICE"]]""", """["EMAIL_SHA256"]""")]
    [InlineData("""[]""", """["EMAIL_SHA256"]""")]
    public async Task Misaligned_rows_and_bad_schemas_are_code_40002(string batchData, string idSchema)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = await env.CreateAudienceAsync("vip");
        var json = $$"""{"advertiser_ids":["{{A}}"],"action":"add","id_schema":{{idSchema}},"batch_data":{{batchData.Replace("ALICE", Alice, StringComparison.Ordinal).Replace("AUD", audience, StringComparison.Ordinal)}}}""";

        var body = await env.PostAsync("segment/mapping/", json);

        Assert.Equal(40002, TikTokTestEnvironment.Code(body));
        Assert.Empty(env.Emulator.Members(audience, "EMAIL_SHA256"));
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("ADD")]
    public async Task Action_must_be_add_or_delete(string action)
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = await env.CreateAudienceAsync("vip");

        var body = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping(action, audience, Alice));

        Assert.Equal(40002, TikTokTestEnvironment.Code(body));
    }

    [Fact]
    public async Task Unknown_audience_and_another_advertisers_audience_are_code_40007()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var mine = await env.CreateAudienceAsync("vip");
        var theirs = await env.CreateAudienceAsync("theirs", TikTokTestEnvironment.OtherAdvertiser, TikTokTestEnvironment.OtherToken);

        var unknown = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", "123", Alice));
        var foreign = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", theirs, Alice));

        Assert.Equal(40007, TikTokTestEnvironment.Code(unknown));
        Assert.Equal(40007, TikTokTestEnvironment.Code(foreign));
        Assert.Empty(env.Emulator.Members(mine, "EMAIL_SHA256"));
        Assert.Empty(env.Emulator.Members(theirs, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task More_rows_than_the_limit_is_code_40011_and_the_limit_itself_passes()
    {
        await using var env = await TikTokTestEnvironment.StartAsync(new() { MaxMappingRows = 3 });
        var audience = await env.CreateAudienceAsync("vip");
        var hashes = Enumerable.Range(0, 4).Select(i => TikTokTestEnvironment.Sha256($"user{i}@example.com")).ToArray();

        var tooMany = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audience, hashes));
        Assert.Empty(env.Emulator.Members(audience, "EMAIL_SHA256"));
        var atLimit = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audience, hashes[..3]));

        Assert.Equal(40011, TikTokTestEnvironment.Code(tooMany));
        Assert.Equal(0, TikTokTestEnvironment.Code(atLimit));
        Assert.Equal(3, env.Emulator.Members(audience, "EMAIL_SHA256").Count);
    }

    [Fact]
    public async Task Default_row_limit_is_ten_thousand()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = await env.CreateAudienceAsync("vip");
        var hash = TikTokTestEnvironment.Sha256("one@example.com");

        var body = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audience, Enumerable.Repeat(hash, 10_001).ToArray()));

        Assert.Equal(40011, TikTokTestEnvironment.Code(body));
    }
}

namespace AudienceRelay.Emulators.Tests.TikTok;

public sealed class TikTokKindsTests
{
    private const string A = TikTokTestEnvironment.Advertiser;

    [Fact]
    public async Task The_list_shows_each_audience_kind_and_only_partner_audiences_take_mapped_ids()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var partner = env.Emulator.SeedAudience(A, "vip");
        var file = env.Emulator.SeedAudience(A, "vip", "Customer File");

        var list = await env.GetAsync($"dmp/custom_audience/list/?advertiser_id={A}&page=1&page_size=10");
        var refused = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", file, TikTokTestEnvironment.Sha256("a@x.io")));
        var taken = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", partner, TikTokTestEnvironment.Sha256("a@x.io")));

        var kinds = list.GetProperty("data").GetProperty("list").EnumerateArray().ToDictionary(a => a.GetProperty("audience_id").GetString()!, a => a.GetProperty("audience_type").GetString());
        Assert.Equal("Partner Audience", kinds[partner]);
        Assert.Equal("Customer File", kinds[file]);
        Assert.Equal(40002, TikTokTestEnvironment.Code(refused));
        Assert.Equal(0, TikTokTestEnvironment.Code(taken));
        Assert.Empty(env.Emulator.Members(file, "EMAIL_SHA256"));
    }

    [Fact]
    public async Task An_emulator_started_again_never_hands_out_an_audience_id_of_its_previous_run()
    {
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        await using (var first = await TikTokTestEnvironment.StartAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                earlier.Add(await first.CreateAudienceAsync($"a{i}"));
            }
        }

        await using var second = await TikTokTestEnvironment.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.DoesNotContain(await second.CreateAudienceAsync($"a{i}"), earlier);
        }
    }

    [Fact]
    public async Task The_hash_of_an_empty_value_is_refused()
    {
        await using var env = await TikTokTestEnvironment.StartAsync();
        var audience = env.Emulator.SeedAudience(A, "vip");

        var refused = await env.PostAsync("segment/mapping/", TikTokTestEnvironment.EmailMapping("add", audience, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));

        Assert.Equal(40002, TikTokTestEnvironment.Code(refused));
        Assert.Empty(env.Emulator.Members(audience, "EMAIL_SHA256"));
    }
}

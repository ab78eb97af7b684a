using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// An audience deleted at the platform (in its UI, or by a sandbox that forgot it): the next batch finds the name gone,
/// creates the audience again and is delivered there, and its status says the audience was resolved anew.
/// </summary>
public sealed class AudienceGoneTests : IAsyncLifetime
{
    private PlatformEmulators _platforms = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _platforms = await PlatformEmulators.StartAsync();
        _server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.Facebook(), _platforms.TikTokInstance(), _platforms.KlaviyoInstance()));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platforms.DisposeAsync();
    }

    [Fact]
    public async Task The_next_batch_after_a_deletion_recreates_the_audience_on_every_platform_and_succeeds()
    {
        await UploadAsync(701, "first@example.com");
        var metaBefore = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount)).Id;
        var tikTokBefore = Assert.Single(_platforms.TikTok.Audiences(PlatformEmulators.Advertiser)).AudienceId;
        var klaviyoBefore = Assert.Single(_platforms.Klaviyo.Lists(PlatformEmulators.KlaviyoKey)).Id;

        Assert.True(_platforms.Meta.DeleteAudience(metaBefore));
        Assert.True(_platforms.TikTok.DeleteAudience(tikTokBefore));
        Assert.True(_platforms.Klaviyo.DeleteList(klaviyoBefore));
        var status = await UploadAsync(702, "second@example.com");

        var meta = Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount));
        var tikTok = Assert.Single(_platforms.TikTok.Audiences(PlatformEmulators.Advertiser));
        var klaviyo = Assert.Single(_platforms.Klaviyo.Lists(PlatformEmulators.KlaviyoKey));
        Assert.NotEqual(metaBefore, meta.Id);
        Assert.Equal(Expected.Set(Expected.Sha("second@example.com")), _platforms.Meta.MemberEmails(meta.Id));
        Assert.Equal(Expected.Set(Expected.Sha("second@example.com")), _platforms.TikTok.Members(tikTok.AudienceId, "EMAIL_SHA256"));
        Assert.Equal("second@example.com", Assert.Single(_platforms.Klaviyo.ListMembers(klaviyo.Id)).Email);
        var deliveries = Waiting.Deliveries(status).ToList();
        Assert.Equal(3, deliveries.Count);
        Assert.Contains(deliveries, d => d.AudienceId == meta.Id);
        Assert.Contains(deliveries, d => d.AudienceId == tikTok.AudienceId);
        Assert.Contains(deliveries, d => d.AudienceId == klaviyo.Id);
    }

    private async Task<AudienceRelay.Store.Status.SessionRecord> UploadAsync(long session, string email)
    {
        var (code, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Gone", "custom", Upload.Batch(session), Upload.Users(new { email })));
        Assert.Equal(200, code);
        return await Waiting.ForSessionAsync(_server, session, s => Waiting.Deliveries(s).Count() == 3 && Waiting.Deliveries(s).All(d => d.State == DeliveryState.Succeeded));
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary><c>type=primary</c> to Meta: nothing is replaced until the whole session is here, then exactly its users remain.</summary>
public sealed class MetaPrimaryTests : IAsyncLifetime
{
    private static readonly string[] EmailSchema = ["EMAIL"];
    private PlatformEmulators _platforms = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _platforms = await PlatformEmulators.StartAsync();
        _server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.Facebook()));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platforms.DisposeAsync();
    }

    [Fact]
    public async Task A_two_batch_session_replaces_the_members_only_once_both_batches_are_here()
    {
        // The audience existed before (made in Ads Manager) and holds people who have since left the list.
        var audienceId = _platforms.Meta.SeedAudience(PlatformEmulators.UsAccount, "blotout_Members");
        await AddMembersOverHttpAsync(audienceId, "left.one@example.com", "stays@example.com");
        var before = Expected.Set(Expected.Sha("left.one@example.com"), Expected.Sha("stays@example.com"));
        Assert.Equal(before, _platforms.Meta.MemberEmails(audienceId));

        const long session = 201;
        var (first, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 1, 2, 3), Users("new.one@example.com", "stays@example.com")));
        Assert.Equal(200, first);

        var waiting = await Waiting.ForSessionAsync(_server, session, s => Waiting.Deliveries(s).Any(d => d.State == DeliveryState.Pending && d.LastError is not null));
        Assert.Contains("waiting for all batches", Assert.Single(Waiting.Deliveries(waiting)).LastError, StringComparison.Ordinal);
        Assert.Equal(before, _platforms.Meta.MemberEmails(audienceId));
        Assert.DoesNotContain(_platforms.MetaWire.Requests, r => r.Path.EndsWith("/usersreplace", StringComparison.Ordinal));

        var (second, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Members", "primary", Upload.Batch(session, 2, 2, 3), Users("new.two@example.com")));
        Assert.Equal(200, second);
        var done = await Waiting.ForStateAsync(_server, session, DeliveryState.Succeeded);

        Assert.Equal(2, Waiting.Deliveries(done).Count());
        Assert.All(Waiting.Deliveries(done), d => Assert.Equal(audienceId, d.AudienceId));
        Assert.Equal(
            Expected.Set(Expected.MetaRow(email: "new.one@example.com"), Expected.MetaRow(email: "stays@example.com"), Expected.MetaRow(email: "new.two@example.com")),
            Expected.Members(_platforms.Meta.Members(audienceId)));
        var replace = Assert.Single(_platforms.Meta.Sessions(audienceId), s => s.Kind == "replace");
        Assert.Equal([1, 2], replace.BatchSeqs);
        Assert.True(replace.LastBatchFlagReceived);
        Assert.Equal("processed", replace.Stage);
        Assert.Single(_platforms.Meta.Audiences(PlatformEmulators.UsAccount));
    }

    private static string Users(params string[] emails) => JsonSerializer.Serialize(emails.Select(e => new { email = e }));

    /// <summary>Adds members the way any Graph client would, so the emulator's state is built only through its API.</summary>
    private async Task AddMembersOverHttpAsync(string audienceId, params string[] emails)
    {
        using var http = new HttpClient();
        var body = JsonSerializer.Serialize(new { payload = new { schema = EmailSchema, data = emails.Select(e => new[] { Expected.Sha(e) }) } });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_platforms.Host.UrlFor("meta") + $"/v25.0/{audienceId}/users"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PlatformEmulators.UsToken);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

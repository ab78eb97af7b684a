using System.Net.Http.Headers;
using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Pinterest;

public sealed class PinterestListTests
{
    [Fact]
    public async Task A_new_name_creates_the_list_and_its_audience_once_and_later_finds_both()
    {
        await using var env = await PinterestFixture.StartAsync();

        var created = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);
        var found = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        Assert.True(created.Created);
        Assert.False(found.Created);
        Assert.Equal(created.AudienceId, found.AudienceId);
        Assert.Equal("blotout_vip", Assert.Single(env.Emulator.CustomerLists(PinterestFixture.Account)).Name);
        var audience = Assert.Single(env.Emulator.Audiences(PinterestFixture.Account));
        Assert.Equal(("CUSTOMER_LIST", created.AudienceId), (audience.AudienceType, audience.CustomerListId));
    }

    [Fact]
    public async Task A_list_found_without_its_audience_gets_one_and_a_list_past_the_first_page_is_found()
    {
        await using var env = await PinterestFixture.StartAsync();
        string? orphan = null;
        for (var i = 0; i <= 250; i++)
        {
            // Lists made elsewhere (no audience): the 251st is on the second page of 250.
            using var request = new HttpRequestMessage(HttpMethod.Post, env.Host.UrlFor("pinterest") + $"/v5/ad_accounts/{PinterestFixture.Account}/customer_lists")
            {
                Content = new StringContent($$"""{"name":"list-{{i}}","records":""}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PinterestFixture.Token);
            using var response = await env.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode);
        }

        orphan = await PinterestFixture.ListAsync(env.Provider(), "list-250");

        Assert.Equal(251, env.Emulator.CustomerLists(PinterestFixture.Account).Count);
        Assert.Equal(orphan, Assert.Single(env.Emulator.Audiences(PinterestFixture.Account)).CustomerListId);
    }

    [Fact]
    public async Task A_refused_fixed_token_fails_naming_the_setting()
    {
        await using var env = await PinterestFixture.StartAsync();

        var resolution = await env.Provider(token: "pina_revoked").FindOrCreateAudienceAsync(new AudienceRequest("x", AudienceType.Custom), CancellationToken.None);

        var failed = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem);
        Assert.Contains("HTTP 401", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("check AccessToken", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("pina_revoked", failed.Reason, StringComparison.Ordinal);
    }
}

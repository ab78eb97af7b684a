using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Snapchat;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Snapchat;

public sealed class SnapchatAudienceTests
{
    [Fact]
    public async Task A_new_name_creates_one_first_party_segment_with_lifetime_retention_and_finds_it_after()
    {
        await using var env = await SnapchatFixture.StartAsync();
        var provider = env.Provider();

        var created = await provider.FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);
        var found = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("blotout_vip", AudienceType.Custom), CancellationToken.None);

        Assert.True(created.Created);
        Assert.False(found.Created);
        Assert.Equal(created.AudienceId, found.AudienceId);
        var segment = Assert.Single(env.Emulator.Segments(SnapchatFixture.Account));
        Assert.Equal(("blotout_vip", "FIRST_PARTY", 9999), (segment.Name, segment.SourceType, segment.RetentionInDays));
    }

    [Fact]
    public async Task A_segment_on_a_later_page_is_found_by_following_next_link()
    {
        await using var env = await SnapchatFixture.StartAsync(new SnapchatEmulatorOptions { PageSize = 2 });
        var provider = env.Provider();
        foreach (var name in new[] { "a", "b", "c", "d", "target" })
        {
            await SnapchatFixture.AudienceAsync(provider, name);
        }

        var found = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("target", AudienceType.Custom), CancellationToken.None);

        Assert.False(found.Created);
        Assert.Equal(5, env.Emulator.Segments(SnapchatFixture.Account).Count);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed()
    {
        // If the client followed the link it would send its bearer token to port 1 (refused) and fail to resolve.
        await using var env = await SnapchatFixture.StartAsync(new SnapchatEmulatorOptions { PageSize = 1, NextLinkRoot = new Uri("http://127.0.0.1:1/") });
        var provider = env.Provider();
        await SnapchatFixture.AudienceAsync(provider, "first");
        await SnapchatFixture.AudienceAsync(provider, "second");

        var resolution = await provider.FindOrCreateAudienceAsync(new AudienceRequest("second", AudienceType.Custom), CancellationToken.None);

        Assert.Null(resolution.Problem);
        Assert.True(resolution.Created);
    }

    [Fact]
    public async Task A_refresh_token_the_platform_refuses_fails_naming_the_settings_without_their_values()
    {
        await using var env = await SnapchatFixture.StartAsync();

        var resolution = await env.Provider(refresh: "revoked-refresh").FindOrCreateAudienceAsync(new AudienceRequest("x", AudienceType.Custom), CancellationToken.None);

        var failed = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem);
        Assert.Contains("invalid_grant", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("RefreshToken", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-refresh", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(SnapchatFixture.Secret, failed.Reason, StringComparison.Ordinal);
    }
}

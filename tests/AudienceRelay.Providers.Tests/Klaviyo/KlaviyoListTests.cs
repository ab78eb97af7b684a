using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Klaviyo;

public sealed class KlaviyoListTests
{
    [Fact]
    public async Task Creates_the_list_once_then_finds_it_by_name_even_with_quotes()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        var provider = env.Provider();
        const string name = "vip \"gold\" \\ list";

        var created = await provider.FindOrCreateAudienceAsync(new AudienceRequest(name, AudienceType.Custom), CancellationToken.None);
        var found = await provider.FindOrCreateAudienceAsync(new AudienceRequest(name, AudienceType.Custom), CancellationToken.None);

        Assert.True(created.Created);
        Assert.False(found.Created);
        Assert.Equal(created.AudienceId, found.AudienceId);
        var list = Assert.Single(env.Emulator.Lists(KlaviyoFixture.ApiKey));
        Assert.Equal(name, list.Name);
        Assert.Equal(list.Id, found.AudienceId);
    }

    [Fact]
    public async Task The_daily_list_creation_cap_is_a_throttled_retry_that_says_so()
    {
        await using var env = await KlaviyoFixture.StartAsync(new KlaviyoEmulatorOptions { DailyListCreationLimit = 0 });

        var resolution = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("new", AudienceType.Custom), CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(resolution.Problem);
        Assert.True(retry.Throttled);
        Assert.Contains("daily list-creation limit was reached", retry.Reason, StringComparison.Ordinal);
        Assert.True(retry.After > TimeSpan.Zero);
        Assert.Empty(env.Emulator.Lists(KlaviyoFixture.ApiKey));
    }

    [Fact]
    public async Task An_unknown_api_key_fails_with_Klaviyos_detail()
    {
        await using var env = await KlaviyoFixture.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Error, StatusCode = 401, Message = "Incorrect authentication credentials." });

        var resolution = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("x", AudienceType.Custom), CancellationToken.None);

        var failed = Assert.IsType<DeliveryOutcome.Failed>(resolution.Problem);
        Assert.Contains("401", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("Incorrect authentication credentials.", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_names_missing_and_malformed_settings()
    {
        var factory = new AudienceRelay.Providers.Klaviyo.KlaviyoProviderFactory();
        var settings = new AudienceRelay.Providers.Configuration.ProviderSettings(
            "kl", "klaviyo", null, new Dictionary<string, string?> { ["Revision"] = "latest", ["ImportMaxPolls"] = "0" }, factory.DefaultLimits);

        var problems = factory.Validate(settings).ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Providers:kl:ApiKey", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Providers:kl:Revision", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Providers:kl:ImportMaxPolls", StringComparison.Ordinal));
    }
}

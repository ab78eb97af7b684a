using AudienceRelay.Core.Contract;
using AudienceRelay.Emulators.Hosting;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.TikTok;

public sealed class TikTokFaultTests
{
    [Theory]
    [InlineData(40100)]
    [InlineData(40016)]
    [InlineData(40133)]
    public async Task Throttle_codes_are_throttled_retries(int code)
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.Throttle, Code = code, PathContains = "mapping" });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.True(retry.Throttled);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_error_code_is_retried_after_five_minutes()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.ServerError, PathContains = "mapping" });

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.False(retry.Throttled);
        Assert.Equal(TimeSpan.FromMinutes(5), retry.After);
    }

    [Fact]
    public async Task A_gateway_503_without_envelope_is_retried()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.ServerError, StatusCode = 503, PathContains = "mapping" });

        Assert.Contains("503", Assert.IsType<DeliveryOutcome.Retry>(outcome).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(40102)]
    [InlineData(40104)]
    [InlineData(40105)]
    [InlineData(40106)]
    [InlineData(40000)]
    public async Task Permission_token_and_parameter_codes_fail(int code)
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.Error, Code = code, PathContains = "mapping" });

        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<DeliveryOutcome.Failed>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_40002_while_the_audience_is_being_processed_is_retried()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.Error, Code = 40002, Message = "The audience is being processed, please try again later.", PathContains = "mapping" });

        Assert.IsType<DeliveryOutcome.Retry>(outcome);
    }

    [Fact]
    public async Task Code_40002_for_a_bad_parameter_fails()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.Error, Code = 40002, Message = "id_schema: invalid value.", PathContains = "mapping" });

        Assert.IsType<DeliveryOutcome.Failed>(outcome);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        var outcome = await DeliverWithFaultAsync(new Fault { Kind = FaultKind.Drop, PathContains = "mapping" });

        Assert.IsType<DeliveryOutcome.Retry>(outcome);
    }

    [Fact]
    public async Task A_throttled_audience_list_leaves_the_audience_unresolved_for_a_retry()
    {
        await using var env = await TikTokFixture.StartAsync();
        env.Emulator.Faults.Add(new Fault { Kind = FaultKind.Throttle, PathContains = "custom_audience/list" });

        var resolution = await env.Provider().FindOrCreateAudienceAsync(new AudienceRequest("x", AudienceType.Custom), CancellationToken.None);

        Assert.True(Assert.IsType<DeliveryOutcome.Retry>(resolution.Problem).Throttled);
        Assert.Empty(env.Emulator.Audiences(TikTokFixture.Advertiser));
    }

    private static async Task<DeliveryOutcome> DeliverWithFaultAsync(Fault fault)
    {
        await using var env = await TikTokFixture.StartAsync();
        var provider = env.Provider();
        var audience = (await provider.FindOrCreateAudienceAsync(new AudienceRequest("faults", AudienceType.Custom), CancellationToken.None)).AudienceId!;
        env.Emulator.Faults.Add(fault);
        var outcome = await provider.DeliverAsync(TikTokFixture.Work(audience, [new AudienceUser { Email = "a@example.com" }]), CancellationToken.None);
        if (outcome is not DeliveryOutcome.Succeeded)
        {
            Assert.Empty(env.Emulator.Members(audience, "EMAIL_SHA256"));
        }

        return outcome;
    }
}

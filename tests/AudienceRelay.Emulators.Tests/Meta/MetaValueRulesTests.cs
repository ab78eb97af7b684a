using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaValueRulesTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public async Task The_hash_of_an_empty_value_is_an_invalid_entry()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("empty");
        var payload = $$"""{"schema":["EMAIL"],"data":[["{{EmptySha256}}"],["{{Sha("ok@example.com")}}"]]}""";

        using var response = await env.UploadAsync(id, "users", payload);
        using var body = await ReadAsync(response);

        Assert.Equal(1, body.RootElement.GetProperty("num_invalid_entries").GetInt32());
        Assert.Equal([Sha("ok@example.com")], env.Emulator.MemberEmails(id));
    }

    [Theory]
    [InlineData(false, """{"schema":["EMAIL","LOOKALIKE_VALUE"],"data":[["HASH",1]]}""")]
    [InlineData(true, """{"schema":["EMAIL"],"data":[["HASH"]]}""")]
    public async Task LOOKALIKE_VALUE_goes_with_value_based_audiences_only(bool valueBased, string payload)
    {
        await using var env = await StartAsync();
        var id = env.Emulator.SeedAudience(AccountId, "ltv", valueBased: valueBased);

        using var response = await env.UploadAsync(id, "users", payload.Replace("HASH", Sha("a@example.com"), StringComparison.Ordinal));

        await ReadErrorAsync(response, 100);
        Assert.Empty(env.Emulator.MemberEmails(id));
    }
}

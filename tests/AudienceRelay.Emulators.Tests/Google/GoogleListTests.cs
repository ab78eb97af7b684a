using System.Text.Json;

namespace AudienceRelay.Emulators.Tests.Google;

public sealed class GoogleListTests
{
    [Fact]
    public async Task A_list_is_found_by_its_exact_name_with_quotes_escaped_in_the_GAQL_literal()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        var id = await env.CreateListAsync(token, "O'Brien \"VIP\" \\ list");
        await env.CreateListAsync(token, "Other");

        var query = """SELECT user_list.resource_name, user_list.id, user_list.name FROM user_list WHERE user_list.name = 'O\'Brien \"VIP\" \\ list'""";
        var (status, body) = await env.PostAsync("googleAds:search", JsonSerializer.Serialize(new { query }), token);

        Assert.Equal(200, status);
        var row = Assert.Single(body.GetProperty("results").EnumerateArray()).GetProperty("userList");
        Assert.Equal(id, row.GetProperty("id").GetString());
        Assert.Equal($"customers/{GoogleTestEnvironment.Customer}/userLists/{id}", row.GetProperty("resourceName").GetString());
        Assert.Equal("O'Brien \"VIP\" \\ list", row.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unescaped_quote_or_an_unknown_field_is_refused_as_a_query_error()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();

        var (broken, body) = await env.PostAsync("googleAds:search", JsonSerializer.Serialize(new { query = "SELECT user_list.id FROM user_list WHERE user_list.name = 'O'Brien'" }), token);
        var (unknown, _) = await env.PostAsync("googleAds:search", JsonSerializer.Serialize(new { query = "SELECT user_list.secret FROM user_list" }), token);

        Assert.Equal((400, 400), (broken, unknown));
        Assert.Equal("UNRECOGNIZED_FIELD", GoogleTestEnvironment.ErrorCode(body));
    }

    [Fact]
    public async Task List_names_are_unique_per_account_and_the_life_span_is_capped()
    {
        await using var env = await GoogleTestEnvironment.StartAsync();
        var token = await env.AccessTokenAsync();
        await env.CreateListAsync(token, "Once");

        var again = JsonSerializer.Serialize(new { operations = new[] { new { create = new { name = "Once", crmBasedUserList = new { uploadKeyType = "CONTACT_INFO" } } } } });
        var tooLong = JsonSerializer.Serialize(new { operations = new[] { new { create = new { name = "Long", membershipLifeSpan = "541", crmBasedUserList = new { uploadKeyType = "CONTACT_INFO" } } } } });
        var (duplicate, body) = await env.PostAsync("userLists:mutate", again, token);
        var (span, spanBody) = await env.PostAsync("userLists:mutate", tooLong, token);

        Assert.Equal(400, duplicate);
        Assert.Equal("NAME_ALREADY_USED", GoogleTestEnvironment.ErrorCode(body));
        Assert.Equal(400, span);
        Assert.Equal("TOO_HIGH", GoogleTestEnvironment.ErrorCode(spanBody));
        Assert.Single(env.Emulator.Lists(GoogleTestEnvironment.Customer), l => l.Name == "Once");
    }
}

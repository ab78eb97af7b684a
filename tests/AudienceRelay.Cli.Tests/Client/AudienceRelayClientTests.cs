using System.Net;
using System.Text.Json;
using AudienceRelay.Cli.Tests.Infrastructure;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Tests.Client;

public sealed class AudienceRelayClientTests : IAsyncLifetime
{
    private RelayServer server = null!;

    public async Task InitializeAsync() => server = await RelayServer.StartAsync();

    [Fact]
    public async Task A_batch_is_accepted_with_counts_and_posting_it_again_is_a_duplicate()
    {
        var request = Request(7001, [User("ivy@example.com"), User("jon@example.org"), new UserRecord { FirstName = "No identifier" }]);

        var first = await server.Client().UploadAsync(request);
        var again = await server.Client().UploadAsync(request);

        Assert.True(first.Success);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(7001, first.SessionId);
        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, first.Accepted);
        Assert.Equal(1, first.Skipped);
        Assert.Equal(1, first.SkippedReasons.Values.Sum());
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(2, again.Accepted);
    }

    [Fact]
    public async Task The_same_batch_key_with_other_users_is_a_conflict()
    {
        await server.Client().UploadAsync(Request(7002, [User("kai@example.com")]));

        var failure = await Assert.ThrowsAsync<AudienceRelayException>(() => server.Client().UploadAsync(Request(7002, [User("lea@example.com")])));

        Assert.Equal(HttpStatusCode.Conflict, failure.StatusCode);
        Assert.NotEmpty(failure.Errors);
        Assert.False(failure.IsTransient);
        Assert.DoesNotContain("example.com", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_without_any_usable_user_is_refused_without_echoing_it()
    {
        var failure = await Assert.ThrowsAsync<AudienceRelayException>(
            () => server.Client().UploadAsync(Request(7003, [new UserRecord { FirstName = "Mirela", PostalCode = "SW1A 2AA" }])));

        Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.NotEmpty(failure.Errors);
        Assert.DoesNotContain("Mirela", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SW1A", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_the_server_does_not_know_is_null_and_a_known_one_has_its_batches()
    {
        await server.Client().UploadAsync(Request(7004, [User("max@example.com")]) with { Name = "Known" });

        Assert.Null(await server.Client().GetSessionAsync(7999));
        var session = await server.Client().GetSessionAsync(7004);
        Assert.NotNull(session);
        Assert.Equal("Known", session.Name);
        Assert.Equal(1, Assert.Single(session.Batches).Users);
    }

    [Fact]
    public async Task A_server_with_keys_refuses_a_missing_key_and_accepts_the_right_one()
    {
        await using var guarded = await RelayServer.StartAsync("--Auth:ApiKeys:0", "a-long-test-api-key-0123456789");

        var refused = await Assert.ThrowsAsync<AudienceRelayException>(() => guarded.Client().UploadAsync(Request(7005, [User("ned@example.com")])));
        var accepted = await guarded.Client("a-long-test-api-key-0123456789").UploadAsync(Request(7005, [User("ned@example.com")]));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(accepted.Success);
    }

    [Fact]
    public async Task Users_travel_as_a_json_file_part_with_a_known_length_and_camel_case_names()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Accepted(1));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://relay.test/base") };
        var request = Request(7006, [User("ora@example.com") with { Purchase = new PurchaseRecord { Currency = "EUR", Total7Days = 12.5m } }]) with
        {
            Batch = new UploadBatch(7006, 3, 4, 40_000, new DateOnly(2025, 3, 1)),
            DisablePrefix = true,
            Type = AudienceKind.Primary,
        };

        await new AudienceRelayClient(http, "key-1").UploadAsync(request);

        var sent = handler.Requests.Single();
        Assert.Equal("http://relay.test/base/audience?disablePrefix=true&sync=false", sent.RequestUri!.ToString());
        Assert.Equal("Bearer", sent.Headers.Authorization?.Scheme);
        var captured = handler.Bodies.Single();
        Assert.Equal(captured.Body.Length, handler.ContentLengths.Single());
        var parts = await MultipartParts.ReadAsync(captured);
        Assert.Equal("primary", parts["type"].Text);
        using var batch = JsonDocument.Parse(parts["batch"].Text);
        Assert.Equal("2025-03-01", batch.RootElement.GetProperty("pullDate").GetString());
        Assert.Equal(40_000, batch.RootElement.GetProperty("totalUsers").GetInt64());
        var users = parts["users"];
        Assert.Equal("users.json", users.FileName);
        Assert.Equal("application/json; charset=utf-8", users.ContentType);
        Assert.Equal("""[{"email":"ora@example.com","purchase":{"currency":"EUR","total7Days":12.5}}]""", users.Text);
    }

    [Fact]
    public void A_user_prints_without_its_personal_data()
    {
        var text = User("pia@example.com").ToString();

        Assert.DoesNotContain("pia", text, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static UserRecord User(string email) => new() { Email = email };

    private static UploadRequest Request(long session, IReadOnlyList<UserRecord> users) => new()
    {
        Name = "Client test",
        Batch = new UploadBatch(session, 1, 1, users.Count),
        Users = users,
    };
}

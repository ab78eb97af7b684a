using AudienceRelay.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Server.Tests.Uploads;

/// <summary>(sessionId, sequence) identifies a batch: a retry answers as before, other content or a changed session is a 409.</summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private const string Users = """[{"email":"a@example.com"},{"email":"b@example.com"}]""";
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Providers:hook:Type"] = "webhook",
        ["Providers:hook:Url"] = "http://127.0.0.1:9/unused",
        ["Providers:hook:Secret"] = "0123456789abcdef0123",
        ["Delivery:Enabled"] = "false",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_same_batch_posted_again_answers_as_before_and_creates_nothing()
    {
        var first = await Upload.PostAsync(_server.Http, Upload.Form("Retry", "custom", Upload.Batch(100, 1, 2, 4), Users));
        // The same content written differently (whitespace, key order) is still the same batch.
        var reformatted = """[ {"email" : "a@example.com"} , {"email":"b@example.com"} ]""";
        var second = await Upload.PostAsync(_server.Http, Upload.Form("Retry", "custom", """{"totalUsers":4,"totalBatches":2,"sequence":1,"sessionId":100}""", reformatted, usersAsFile: true));

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.True(second.Body.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.Body.GetProperty("accepted").GetInt32(), second.Body.GetProperty("accepted").GetInt32());
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM batches WHERE session_id = 100"));
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM deliveries WHERE session_id = 100"));
        Assert.Equal(1L, await CountAsync("SELECT batches_seen FROM sessions WHERE session_id = 100"));
    }

    [Fact]
    public async Task The_same_key_with_other_content_is_409()
    {
        await Upload.PostAsync(_server.Http, Upload.Form("Conflict", "custom", Upload.Batch(101, 1, 2, 4), Users));
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Conflict", "custom", Upload.Batch(101, 1, 2, 4), """[{"email":"c@example.com"}]"""));
        Assert.Equal(409, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("batch.sequence:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("type")]
    [InlineData("totalBatches")]
    [InlineData("disablePrefix")]
    public async Task A_session_whose_fixed_fields_change_is_409(string field)
    {
        var session = 200 + field.Length;
        await Upload.PostAsync(_server.Http, Upload.Form("Session", "custom", Upload.Batch(session, 1, 3, 6), Users));
        var form = field switch
        {
            "name" => Upload.Form("Other", "custom", Upload.Batch(session, 2, 3, 6), Users),
            "type" => Upload.Form("Session", "primary", Upload.Batch(session, 2, 3, 6), Users),
            "totalBatches" => Upload.Form("Session", "custom", Upload.Batch(session, 2, 4, 6), Users),
            _ => Upload.Form("Session", "custom", Upload.Batch(session, 2, 3, 6), Users),
        };
        var (status, body, _) = await Upload.PostAsync(_server.Http, form, field == "disablePrefix" ? "?disablePrefix=true" : string.Empty);
        Assert.Equal(409, status);
        Assert.Contains(Upload.Errors(body), e => e.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sequences_outside_the_sessions_range_are_400()
    {
        // Sequence 0 fixes the base at 0, so 0..2 is the range of a 3-batch session: 3 is outside.
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Range", "custom", Upload.Batch(300, 0, 3, 6), Users))).Status);
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Range", "custom", Upload.Batch(300, 3, 3, 6), Users));
        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("batch.sequence:", StringComparison.Ordinal));

        // Sequence totalBatches fixes the base at 1: then 0 is outside.
        Assert.Equal(200, (await Upload.PostAsync(_server.Http, Upload.Form("Range1", "custom", Upload.Batch(301, 2, 2, 4), Users))).Status);
        (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Range1", "custom", Upload.Batch(301, 0, 2, 4), Users));
        Assert.Equal(400, status);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_server.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

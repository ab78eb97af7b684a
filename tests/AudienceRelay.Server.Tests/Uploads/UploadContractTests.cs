using System.Text;
using AudienceRelay.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Server.Tests.Uploads;

/// <summary>POST /audience as the seed and ARCHITECTURE.md define it, through real HTTP.</summary>
public sealed class UploadContractTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Providers:hook:Type"] = "webhook",
        ["Providers:hook:Url"] = "http://127.0.0.1:9/unused",
        ["Providers:hook:Secret"] = "0123456789abcdef0123",
        ["Delivery:Enabled"] = "false",
        ["Ingress:MaxUsersPerBatch"] = "1000",
        ["Ingress:MaxBodyBytes"] = "2000000",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Accepts_a_batch_with_users_as_field_or_file_and_stores_one_delivery_per_instance(bool usersAsFile)
    {
        var users = Upload.Users(Upload.User("a@example.com"), Upload.User("b@example.com"), new { firstName = "NoKey" });
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("VIP", "custom", Upload.Batch(usersAsFile ? 11 : 12, 1, 1, 3), users, usersAsFile));

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("skipped").GetInt32());
        Assert.Equal(1, body.GetProperty("skippedReasons").GetProperty("noIdentifier").GetInt32());
        Assert.False(body.GetProperty("duplicate").GetBoolean());

        await using var connection = new SqliteConnection($"Data Source={_server.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM deliveries d JOIN batches b ON b.batch_id = d.batch_id WHERE b.session_id = $s AND d.instance = 'hook' AND d.state = 'pending'";
        command.Parameters.AddWithValue("$s", usersAsFile ? 11 : 12);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Type_defaults_to_custom_and_unknown_fields_are_ignored()
    {
        var users = """[{"email":"x@example.com","favouriteColour":"blue","nested":{"deep":[1,2,3]}}]""";
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Plain", null, Upload.Batch(20), users));
        Assert.Equal(200, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
    }

    public static TheoryData<string?, string?, string?, string?, string, string> BadForms => new()
    {
        { null, "custom", Upload.Batch(30), """[{"email":"a@example.com"}]""", "name", "name:" },
        { "   ", "custom", Upload.Batch(31), """[{"email":"a@example.com"}]""", "blank name", "name:" },
        { "X", "lookalike", Upload.Batch(32), """[{"email":"a@example.com"}]""", "bad type", "type:" },
        { "X", "custom", null, """[{"email":"a@example.com"}]""", "missing batch", "batch:" },
        { "X", "custom", "{not json", """[{"email":"a@example.com"}]""", "bad batch json", "batch:" },
        { "X", "custom", "[1,2]", """[{"email":"a@example.com"}]""", "batch not object", "batch:" },
        { "X", "custom", """{"sessionId":"abc","sequence":1,"totalBatches":1,"totalUsers":1}""", """[{"email":"a@example.com"}]""", "string sessionId", "batch.sessionId:" },
        { "X", "custom", """{"sessionId":33,"sequence":1.5,"totalBatches":1,"totalUsers":1}""", """[{"email":"a@example.com"}]""", "fractional sequence", "batch.sequence:" },
        { "X", "custom", """{"sessionId":34,"sequence":-1,"totalBatches":1,"totalUsers":1}""", """[{"email":"a@example.com"}]""", "negative sequence", "batch.sequence:" },
        { "X", "custom", """{"sessionId":35,"sequence":1,"totalBatches":0,"totalUsers":1}""", """[{"email":"a@example.com"}]""", "zero totalBatches", "batch.totalBatches:" },
        { "X", "custom", """{"sessionId":36,"sequence":1,"totalBatches":1}""", """[{"email":"a@example.com"}]""", "missing totalUsers", "batch.totalUsers:" },
        { "X", "custom", """{"sessionId":37,"sequence":1,"totalBatches":1,"totalUsers":1,"pullDate":"2024-02-30"}""", """[{"email":"a@example.com"}]""", "impossible pullDate", "batch.pullDate:" },
        { "X", "custom", """{"sessionId":38,"sequence":1,"totalBatches":1,"totalUsers":1,"pullDate":"03/01/2024"}""", """[{"email":"a@example.com"}]""", "pullDate format", "batch.pullDate:" },
        { "X", "custom", """{"sessionId":39,"sequence":5,"totalBatches":3,"totalUsers":1}""", """[{"email":"a@example.com"}]""", "sequence past total", "batch.sequence:" },
        { "X", "custom", Upload.Batch(40), null, "missing users", "users:" },
        { "X", "custom", Upload.Batch(41), "[]", "empty users", "users:" },
        { "X", "custom", Upload.Batch(42), """{"email":"a@example.com"}""", "users not array", "users:" },
        { "X", "custom", Upload.Batch(43), """[{"email":"a@example.com"}, 7]""", "user not object", "users[1]:" },
        { "X", "custom", Upload.Batch(44), """[{"email":"a@example.com"}, {"email": true}]""", "wrong field type", "users[1].email:" },
        { "X", "custom", Upload.Batch(45), """[{"email":"a@example.com","purchase":{"profit":"lots"}}]""", "bad purchase number", "users[0].purchase.profit:" },
        { "X", "custom", Upload.Batch(46), """[{"email":"a@example.com"},""", "truncated json", "users:" },
        { "X", "custom", Upload.Batch(47), """[{"firstName":"Only"},{"lastName":"Names"}]""", "no usable user", "users:" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task Rejects_bad_fields_with_400_naming_the_field(string? name, string? type, string? batch, string? users, string because, string field)
    {
        var (status, body, mediaType) = await Upload.PostAsync(_server.Http, Upload.Form(name, type, batch, users));

        Assert.True(status == 400, because);
        Assert.Equal("application/problem+json", mediaType);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Contains(Upload.Errors(body), e => e.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deeply_nested_json_is_a_400_not_a_crash()
    {
        var deep = "[{\"email\":\"a@example.com\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}]";
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("X", "custom", Upload.Batch(50), deep));
        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.Contains("nested", StringComparison.Ordinal));

        var deepBatch = new string('[', 3000) + new string(']', 3000);
        (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("X", "custom", deepBatch, """[{"email":"a@example.com"}]"""));
        Assert.Equal(400, status);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("?sync=maybe", "sync:")]
    [InlineData("?disablePrefix=yes", "disablePrefix:")]
    [InlineData("?sync=true&sync=false", "sync:")]
    public async Task Rejects_bad_query_flags(string query, string field)
    {
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("X", "custom", Upload.Batch(60), """[{"email":"a@example.com"}]"""), query);
        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_json_body_is_415()
    {
        var content = new StringContent("""{"name":"X","batch":{},"users":[]}""", Encoding.UTF8, "application/json");
        var (status, body, _) = await Upload.PostAsync(_server.Http, content);
        Assert.Equal(415, status);
        Assert.False(body.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task A_broken_multipart_boundary_is_400()
    {
        var raw = "--wrong\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nX\r\n--wrong--\r\n";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=right");
        var (status, body, _) = await Upload.PostAsync(_server.Http, content);
        Assert.Equal(400, status);
        Assert.False(body.GetProperty("success").GetBoolean());

        var noBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        (status, _, _) = await Upload.PostAsync(_server.Http, noBoundary);
        Assert.Equal(400, status);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Too_many_users_or_too_large_a_body_is_413()
    {
        var many = Upload.Users([.. Enumerable.Range(0, 1001).Select(i => (object)new { email = $"u{i}@example.com" })]);
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("X", "custom", Upload.Batch(70), many));
        Assert.Equal(413, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("users:", StringComparison.Ordinal));

        var huge = "[{\"email\":\"a@example.com\",\"pad\":\"" + new string('x', 2_100_000) + "\"}]";
        (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("X", "custom", Upload.Batch(71), huge, usersAsFile: true));
        Assert.Equal(413, status);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        var (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Alive", "custom", Upload.Batch(Random.Shared.NextInt64(1_000_000, 2_000_000)), """[{"email":"alive@example.com"}]"""));
        Assert.Equal(200, status);
    }
}

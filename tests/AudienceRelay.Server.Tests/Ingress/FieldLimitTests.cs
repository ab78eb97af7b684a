using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Ingress;

/// <summary>
/// A user whose field breaks its documented cap or character rule is skipped with a reason; the
/// rest of the batch is accepted. Batch keys are given once; totals have upper bounds.
/// </summary>
public sealed class FieldLimitTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await IngressServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Users_breaking_a_field_rule_are_skipped_with_a_reason_and_the_rest_is_accepted()
    {
        var local = new string('a', 250);
        object[] users =
        [
            new { email = "good@example.com", firstName = "Ann", country = "US", postalCode = "10001", purchase = new { currency = "USD", profit = 3.5 } },
            new { email = local + "@example.com" },
            new { email = new string('x', 3_000_000) + "@example.com" },
            new { email = "nul\u0000@example.com" },
            new { email = "c@example.com", firstName = "Tab\tName" },
            new { email = "d@example.com", firstName = new string('n', 129) },
            new { phone = new string('5', 33) },
            new { email = "e@example.com", country = new string('C', 65) },
            new { email = "f@example.com", postalCode = new string('9', 33) },
            new { edgeTagId = new string('t', 257) },
            new { email = "g@example.com", purchase = new { currency = new string('U', 17) } },
            new { email = "\tedge.whitespace@example.com\r\n" }, // trimmed, as before
            new { email = $"k@{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', 56)}.com" }, // exactly 254
        ];

        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Caps", "custom", Upload.Batch(100, 1, 1, users.Length), JsonSerializer.Serialize(users), usersAsFile: true));

        Assert.Equal(200, status);
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Equal(10, body.GetProperty("skipped").GetInt32());
        var reasons = body.GetProperty("skippedReasons");
        Assert.Equal(2, reasons.GetProperty("emailTooLong").GetInt32());
        Assert.Equal(1, reasons.GetProperty("emailHasControlCharacters").GetInt32());
        Assert.Equal(1, reasons.GetProperty("firstNameHasControlCharacters").GetInt32());
        Assert.Equal(1, reasons.GetProperty("firstNameTooLong").GetInt32());
        Assert.Equal(1, reasons.GetProperty("phoneTooLong").GetInt32());
        Assert.Equal(1, reasons.GetProperty("countryTooLong").GetInt32());
        Assert.Equal(1, reasons.GetProperty("postalCodeTooLong").GetInt32());
        Assert.Equal(1, reasons.GetProperty("edgeTagIdTooLong").GetInt32());
        Assert.Equal(1, reasons.GetProperty("purchaseCurrencyTooLong").GetInt32());
    }

    [Fact]
    public async Task A_control_character_in_the_audience_name_is_a_400()
    {
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Bad\nName", "custom", Upload.Batch(101), """[{"email":"a@example.com"}]"""));
        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("name:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"sessionId":102,"sessionId":103,"sequence":1,"totalBatches":1,"totalUsers":1}""", "batch.sessionId:")]
    [InlineData("""{"sessionId":104,"sequence":1,"totalBatches":1,"totalUsers":1,"totalUsers":5}""", "batch.totalUsers:")]
    [InlineData("""{"sessionId":105,"sequence":1,"totalBatches":1,"totalUsers":1,"note":1,"note":2}""", "batch.note:")]
    public async Task A_key_given_twice_in_the_batch_is_a_400_naming_the_key(string batch, string field)
    {
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Dup", "custom", batch, """[{"email":"a@example.com"}]"""));
        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith(field, StringComparison.Ordinal) && e.Contains("more than once", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1_000_001, 1, "batch.totalBatches:")]
    [InlineData(1, 1_000_000_001, "batch.totalUsers:")]
    public async Task Totals_have_upper_bounds(long totalBatches, long totalUsers, string field)
    {
        var batch = $$"""{"sessionId":106,"sequence":1,"totalBatches":{{totalBatches}},"totalUsers":{{totalUsers}}}""";
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Big", "custom", batch, """[{"email":"a@example.com"}]"""));
        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith(field, StringComparison.Ordinal) && e.Contains("at most", StringComparison.Ordinal));

        var atLimit = """{"sessionId":107,"sequence":1,"totalBatches":1000000,"totalUsers":1000000000}""";
        (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Big", "custom", atLimit, """[{"email":"a@example.com"}]"""));
        Assert.Equal(200, status);
    }
}

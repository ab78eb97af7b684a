using System.Text;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Ingress;

/// <summary>Text that cannot be decoded (lone surrogate escapes, invalid UTF-8 bytes) in any field: a 400 naming it, never a 500.</summary>
public sealed class InvalidUnicodeTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await IngressServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string, string> EscapedCases => new()
    {
        { Upload.Batch(1), """[{"email":"ok@example.com"},{"email":"ok2@example.com"},{"email":"ok3@example.com"},{"email":"a\ud800@example.com"}]""", "users[3].email:" },
        { Upload.Batch(2), """[{"email":"a@example.com","purchase":{"currency":"\udc00","profit":1}}]""", "users[0].purchase.currency:" },
        { Upload.Batch(3), """[{"email":"a@example.com","firstName":"\ud800"}]""", "users[0].firstName:" },
        { Upload.Batch(4), """[{"email":"a@example.com","phone":"\udfff1"}]""", "users[0].phone:" },
        { Upload.Batch(5), """[{"email":"a@example.com","purchase":{"profit":"\ud800"}}]""", "users[0].purchase.profit:" },
        { Upload.Batch(6), """[{"edgeTagId":"\ud800\ud800"}]""", "users[0].edgeTagId:" },
        { """{"sessionId":7,"sequence":1,"totalBatches":1,"totalUsers":1,"pullDate":"\ud800"}""", """[{"email":"a@example.com"}]""", "batch.pullDate:" },
        { """{"sessionId":8,"sequence":1,"totalBatches":1,"totalUsers":1,"\udc00":1}""", """[{"email":"a@example.com"}]""", "batch:" },
    };

    [Theory]
    [MemberData(nameof(EscapedCases))]
    public async Task A_lone_surrogate_escape_is_a_400_naming_the_field(string batch, string users, string field)
    {
        var (status, body, mediaType) = await Upload.PostAsync(_server.Http, Upload.Form("Unicode", "custom", batch, users));

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains(Upload.Errors(body), e => e.StartsWith(field, StringComparison.Ordinal) && e.Contains("Unicode", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("users", "users[1].email:")]
    [InlineData("batch", "batch.pullDate:")]
    public async Task A_raw_invalid_utf8_byte_is_a_400_naming_the_field(string part, string field)
    {
        byte[] bad = [0xC3, 0x28, 0xFF];
        var batch = Encoding.UTF8.GetBytes("""{"sessionId":9,"sequence":1,"totalBatches":1,"totalUsers":2,"pullDate":"2025-01-01"}""");
        var users = Encoding.UTF8.GetBytes("""[{"email":"a@example.com"},{"email":"b@example.com"}]""");
        if (part == "users")
        {
            users = Splice(users, "b@example", bad);
        }
        else
        {
            batch = Splice(batch, "2025-01-01", bad);
        }

        var (status, body, _) = await Upload.PostAsync(_server.Http, IngressServer.RawForm(batch, users));

        Assert.Equal(400, status);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith(field, StringComparison.Ordinal));
    }

    private static byte[] Splice(byte[] json, string replace, byte[] with)
    {
        var at = Encoding.UTF8.GetString(json).IndexOf(replace, StringComparison.Ordinal);
        return [.. json.AsSpan(0, at), .. with, .. json.AsSpan(at + replace.Length)];
    }
}

using System.Net;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Ingress;

/// <summary>Wrong methods, unknown and too many form parts, a body that arrives too slowly, too many uploads at once.</summary>
public sealed class ProtocolEdgeTests
{
    private const string Users = """[{"email":"a@example.com"}]""";

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_on_audience_are_405_in_the_problem_shape(string method)
    {
        await using var server = await IngressServer.StartAsync();
        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/audience"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("method:", StringComparison.Ordinal) && e.Contains("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_parts_are_ignored_up_to_the_part_limit_and_more_parts_are_a_400()
    {
        await using var server = await IngressServer.StartAsync();
        var form = Upload.Form("Parts", "custom", Upload.Batch(200), Users);
        for (var i = 0; i < 12; i++)
        {
            form.Add(new StringContent("extra"), $"extra{i}");
        }

        var (status, _, _) = await Upload.PostAsync(server.Http, form);
        Assert.Equal(200, status);

        var tooMany = Upload.Form("Parts", "custom", Upload.Batch(201), Users);
        for (var i = 0; i < 13; i++)
        {
            tooMany.Add(new StringContent("extra"), $"extra{i}");
        }

        var (refused, body, _) = await Upload.PostAsync(server.Http, tooMany);
        Assert.Equal(400, refused);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("body:", StringComparison.Ordinal) && e.Contains("16 form parts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_stalls_is_a_408_saying_so_and_holds_an_upload_slot_until_then()
    {
        await using var server = await IngressServer.StartAsync(new Dictionary<string, string?> { ["Ingress:MaxConcurrentUploads"] = "1" });
        var users = Upload.Users([.. Enumerable.Range(0, 2000).Select(i => (object)new { email = $"slow{i}@example.com" })]);
        await using var slow = await RawHttp.StartUploadAsync(server.BaseAddress, Upload.Form("Slow", "custom", Upload.Batch(300), users), bytesToSend: 4000);

        // The slow upload is inside (its 100 Continue came). While its body stalls and holds the only slot, another upload is refused at once, with Retry-After.
        using var busy = await server.Http.PostAsync(new Uri("/audience", UriKind.Relative), Upload.Form("Busy", "custom", Upload.Batch(302), Users));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.NotNull(busy.Headers.RetryAfter);
        var busyBody = JsonDocument.Parse(await busy.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(Upload.Errors(busyBody), e => e.Contains("Ingress:MaxConcurrentUploads", StringComparison.Ordinal));

        // Kestrel's minimum body rate (240 bytes/s after a 5 s grace) ends the stalled upload with a 408 that says why.
        var answer = await slow.ReadAnswerAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("too slowly", answer, StringComparison.Ordinal);
        Assert.Contains("\"success\":false", answer, StringComparison.Ordinal);

        // The slot is free again.
        var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("After", "custom", Upload.Batch(301), Users));
        Assert.Equal(200, status);
    }
}

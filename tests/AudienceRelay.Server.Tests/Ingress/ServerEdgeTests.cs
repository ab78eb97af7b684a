using System.Net;
using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AudienceRelay.Server.Tests.Ingress;

/// <summary>No provider, an unexpected failure, a listen address from Kestrel:Endpoints, and what the default log says.</summary>
public sealed class ServerEdgeTests
{
    private const string Users = """[{"email":"a@example.com"}]""";

    [Fact]
    public async Task Without_a_provider_uploads_are_503_and_nothing_is_stored_and_ready_says_not_ready()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" });

        var (status, body, mediaType) = await Upload.PostAsync(server.Http, Upload.Form("Nowhere", "custom", Upload.Batch(400), Users));
        Assert.Equal(503, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains(Upload.Errors(body), e => e.Contains("no provider instance is configured", StringComparison.Ordinal));
        Assert.Null(await server.Get<AudienceRelay.Store.IAudienceStore>().GetSessionAsync(400, CancellationToken.None));

        using var ready = await server.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var answer = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unavailable", answer.GetProperty("status").GetString());
        Assert.Contains("No provider instance", answer.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_in_the_problem_shape_that_quotes_nothing()
    {
        await using var server = await IngressServer.StartAsync();
        await using (var connection = new SqliteConnection($"Data Source={server.DatabasePath};Pooling=False"))
        {
            // A store that fails underneath the server: the insert of the next batch throws.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE deliveries";
            await command.ExecuteNonQueryAsync();
        }

        var (status, body, mediaType) = await Upload.PostAsync(server.Http, Upload.Form("Broken", "custom", Upload.Batch(401), """[{"email":"private.person@example.com"}]"""));

        Assert.Equal(500, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.False(body.GetProperty("success").GetBoolean());
        var text = body.GetRawText();
        Assert.DoesNotContain("private.person", text, StringComparison.Ordinal);
        Assert.DoesNotContain("deliveries", text, StringComparison.Ordinal);
        Assert.Contains(Upload.Errors(body), e => e.StartsWith("server:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_keys_an_address_from_Kestrel_Endpoints_that_is_not_loopback_stops_the_server()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Open:Url"] = "http://0.0.0.0:0",
        }));
        var message = ex is AggregateException aggregate ? string.Join(" ", aggregate.InnerExceptions.Select(e => e.Message)) : ex.Message;
        Assert.Contains("Auth__ApiKeys__0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_log_has_one_line_per_upload_names_wrong_fields_only_and_no_request_lines()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-logs-").FullName;
        await using var server = await ServerProcess.StartAsync(folder, IngressServer.Settings());
        var bad = """[{"email":"fine@example.com"},{"email":"secret.value\ud800@example.com"}]""";
        Assert.Equal(400, (await Upload.PostAsync(server.Http, Upload.Form("Logged", "custom", Upload.Batch(402), bad))).Status);
        Assert.Equal(200, (await Upload.PostAsync(server.Http, Upload.Form("Logged", "custom", Upload.Batch(403), Users))).Status);

        await server.WaitForOutputAsync("Accepted batch 1 of session 403", TimeSpan.FromSeconds(30));
        var output = server.Output;
        Assert.Contains("users[1].email", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.value", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fine@example.com", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Executing endpoint", output, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Headers;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Observability;

/// <summary><c>/metrics</c> is behind the API key unless <c>Metrics__Public=true</c>, and open on loopback when no key is configured.</summary>
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task Without_the_key_metrics_are_refused_and_with_it_served_as_prometheus_text()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Auth:ApiKeys:0"] = "the-metrics-key" });

        using var anonymous = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Authorization", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "the-metrics-key") } };
        using var answer = await server.Http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.StartsWith("text/plain", answer.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_metrics_public_no_key_is_needed()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Auth:ApiKeys:0"] = "the-metrics-key", ["Metrics:Public"] = "true" });
        using var answer = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}

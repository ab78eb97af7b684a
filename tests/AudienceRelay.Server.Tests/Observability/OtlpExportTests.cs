using System.Threading.Channels;
using AudienceRelay.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Server.Tests.Observability;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces and metrics are pushed over OTLP (here to a local collector stand-in).</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_traces_and_metrics_are_pushed_to_it()
    {
        var arrived = Channel.CreateUnbounded<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", (string signal, HttpContext context) =>
        {
            arrived.Writer.TryWrite(signal);
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        await server.Http.GetAsync(new Uri("/health/live", UriKind.Relative));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(seen.Contains("traces") && seen.Contains("metrics")))
        {
            seen.Add(await arrived.Reader.ReadAsync(timeout.Token));
        }

        Assert.Contains("traces", seen);
        Assert.Contains("metrics", seen);
    }
}
